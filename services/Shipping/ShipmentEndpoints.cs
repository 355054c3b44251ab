using Microsoft.EntityFrameworkCore;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Shipping;

public static class ShipmentEndpoints
{
    public static IEndpointRouteBuilder MapShipments(this IEndpointRouteBuilder app)
    {
        // Any valid token for audience shipping; a customer sees only their own shipments, support sees all.
        app.MapGet("/shipments/{orderId:guid}", async (Guid orderId, HttpContext http, ShippingDb db, CancellationToken ct) =>
        {
            var shipment = await db.Shipments.AsNoTracking().FirstOrDefaultAsync(s => s.OrderId == orderId, ct);
            var user = http.User;
            return shipment is null || (shipment.CustomerSubject != user.Subject() && !user.IsInRole("support"))
                ? Results.Problem("No shipment for this order.", statusCode: StatusCodes.Status404NotFound)
                : Results.Ok(new { shipment.Id, shipment.OrderId, shipment.Sku, shipment.Quantity, shipment.ShippedAt });
        }).RequireAuthorization();
        return app;
    }
}
