using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Inventory;

public static partial class ReservationEndpoints
{
    public sealed record ReserveRequest(Guid OrderId, [property: Required] string Sku, int Quantity);

    public sealed record ConfirmRequest(Guid[]? OrderIds);

    /// <summary>At most this many orders per confirmation request (Orders sends what it committed since the last one).</summary>
    public const int MaxConfirmations = 100;

    public static IEndpointRouteBuilder MapReservations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/stock", async (InventoryDb db, CancellationToken ct) =>
            await db.Stock.AsNoTracking().OrderBy(s => s.Sku).Select(s => new { s.Sku, s.Name, s.Available }).ToListAsync(ct))
            .RequireScope(Scopes.InventoryReserve);
        app.MapPost("/reservations", ReserveAsync).RequireScope(Scopes.InventoryReserve);
        app.MapDelete("/reservations/{orderId:guid}", ReleaseAsync).RequireScope(Scopes.InventoryReserve);
        // Orders' own service token (client credentials), not a customer's: Orders confirms in the background, after the
        // customer's request and its exchanged token are gone.
        app.MapPost("/reservations/confirmations", ConfirmAsync).RequireScope(Scopes.InventoryConfirm);
        return app;
    }

    private static async Task<IResult> ReserveAsync(
        ReserveRequest request, ClaimsPrincipal user, InventoryDb db, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        if (request.OrderId == Guid.Empty || string.IsNullOrWhiteSpace(request.Sku) || request.Quantity is < 1 or > 99)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["request"] = ["orderId, sku and a quantity from 1 to 99 are required."],
            });
        }
        var subject = user.Subject() ?? "";

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await db.Reservations.AsNoTracking().FirstOrDefaultAsync(r => r.OrderId == request.OrderId, ct) is { } existing)
        {
            // A retry of the same reservation answers as the first did; another customer's order id is not theirs to touch.
            return existing.Subject == subject && existing.Sku == request.Sku && existing.Quantity == request.Quantity
                ? Results.Ok(View(existing))
                : Results.Problem("This order id already has a different reservation.", statusCode: StatusCodes.Status409Conflict);
        }
        if (!await db.Stock.AnyAsync(s => s.Sku == request.Sku, ct))
        {
            return Results.Problem($"Unknown sku '{request.Sku}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown item");
        }
        // A conditional decrement: two concurrent reservations can never take the same last unit.
        var taken = await db.Stock.Where(s => s.Sku == request.Sku && s.Available >= request.Quantity)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Available, x => x.Available - request.Quantity), ct);
        if (taken == 0)
        {
            return Results.Problem($"Not enough '{request.Sku}' in stock.", statusCode: StatusCodes.Status409Conflict, title: "Out of stock");
        }
        var reservation = new Reservation
        {
            OrderId = request.OrderId, Sku = request.Sku, Quantity = request.Quantity, Subject = subject, ReservedAt = time.GetUtcNow(),
        };
        db.Reservations.Add(reservation);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        LogReserved(loggers.CreateLogger(typeof(ReservationEndpoints)), reservation.OrderId, reservation.Quantity, reservation.Sku);
        return Results.Created($"/reservations/{reservation.OrderId}", View(reservation));
    }

    private static async Task<IResult> ReleaseAsync(Guid orderId, ClaimsPrincipal user, InventoryDb db, ReservationHolds holds, TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var reservation = await db.Reservations.FirstOrDefaultAsync(r => r.OrderId == orderId, ct);
        if (reservation is null || reservation.Subject != user.Subject())
        {
            return Results.Problem("No reservation for this order.", statusCode: StatusCodes.Status404NotFound);
        }
        if (reservation.ConfirmedAt is not null)
        {
            // Its order was committed: the stock is the order's now, and only a cancelled order could give it back.
            return Results.Problem("The order of this reservation was placed; its stock stays reserved.", statusCode: StatusCodes.Status409Conflict,
                title: "Reservation confirmed");
        }
        if (reservation.ReleasedAt is null)
        {
            await holds.ReleaseAsync(reservation, time.GetUtcNow(), ct);
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return Results.NoContent();
    }

    /// <summary>Orders committed these orders: their holds become reservations the sweeper leaves alone.</summary>
    private static async Task<IResult> ConfirmAsync(ConfirmRequest request, ReservationHolds holds, CancellationToken ct)
    {
        if (request.OrderIds is not { Length: > 0 and <= MaxConfirmations } orderIds || orderIds.Contains(Guid.Empty))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]>
            {
                ["orderIds"] = [$"from 1 to {MaxConfirmations} order ids are required."],
            });
        }
        var confirmation = await holds.ConfirmAsync(orderIds, ct);
        return Results.Ok(new { confirmation.Confirmed, confirmation.Unknown });
    }

    // One line per reservation made: what Inventory did for an order, findable by its id (never the caller's token).
    [LoggerMessage(LogLevel.Information, "Order {OrderId}: reserved {Quantity} x {Sku}")]
    private static partial void LogReserved(ILogger logger, Guid orderId, int quantity, string sku);

    private static object View(Reservation r) => new { r.OrderId, r.Sku, r.Quantity, r.ReservedAt, r.ConfirmedAt, r.ReleasedAt };
}
