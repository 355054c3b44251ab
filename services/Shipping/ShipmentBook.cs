using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace TokenJourney.Shipping;

/// <summary>Creates the one shipment of an order; a second attempt (a redelivery, a resumed order) returns the first.</summary>
public sealed class ShipmentBook(ShippingDb db, TimeProvider time)
{
    public async Task<(Shipment Shipment, bool Created)> ShipOnceAsync(Guid orderId, string subject, string sku, int quantity, CancellationToken ct)
    {
        if (await db.Shipments.AsNoTracking().FirstOrDefaultAsync(s => s.OrderId == orderId, ct) is { } existing)
        {
            return (existing, false);
        }
        var shipment = new Shipment
        {
            Id = Guid.CreateVersion7(), OrderId = orderId, CustomerSubject = subject, Sku = sku, Quantity = quantity, ShippedAt = time.GetUtcNow(),
        };
        db.Shipments.Add(shipment);
        try
        {
            await db.SaveChangesAsync(ct);
            return (shipment, true);
        }
        catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            // Two deliveries raced; the unique index let exactly one win.
            db.ChangeTracker.Clear();
            return (await db.Shipments.AsNoTracking().FirstAsync(s => s.OrderId == orderId, ct), false);
        }
    }
}
