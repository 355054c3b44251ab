using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace TokenJourney.Shipping;

/// <summary>
/// Creates the one shipment of each order; a second attempt (a redelivery, a resumed order, the same order twice in a
/// batch) gets the first. A whole batch is one transaction: SQLite commits are what a consumer pays for per write.
/// </summary>
public sealed class ShipmentBook(ShippingDb db, TimeProvider time)
{
    public async Task<IReadOnlyDictionary<Guid, ShipmentOutcome>> ShipOnceAsync(IReadOnlyCollection<ShipmentRequest> requests, CancellationToken ct)
    {
        if (requests.Count == 0)
        {
            return new Dictionary<Guid, ShipmentOutcome>();
        }
        try
        {
            return await TryShipAsync(requests, ct);
        }
        catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            // Another consumer shipped one of these orders between our read and our commit; the unique index let it
            // win and rolled our batch back whole. Reading again finds its shipment.
            db.ChangeTracker.Clear();
            return await TryShipAsync(requests, ct);
        }
    }

    /// <summary>The shipments that already exist for <paramref name="orderIds"/>.</summary>
    public async Task<IReadOnlyDictionary<Guid, ShipmentOutcome>> ExistingAsync(IReadOnlyCollection<Guid> orderIds, CancellationToken ct) =>
        orderIds.Count == 0
            ? new Dictionary<Guid, ShipmentOutcome>()
            : await db.Shipments.AsNoTracking()
                .Where(s => orderIds.Contains(s.OrderId))
                .ToDictionaryAsync(s => s.OrderId, s => new ShipmentOutcome(s, Created: false), ct);

    private async Task<Dictionary<Guid, ShipmentOutcome>> TryShipAsync(IReadOnlyCollection<ShipmentRequest> requests, CancellationToken ct)
    {
        var outcomes = new Dictionary<Guid, ShipmentOutcome>(await ExistingAsync([.. requests.Select(r => r.OrderId).Distinct()], ct));

        var now = time.GetUtcNow();
        var created = new List<Shipment>();
        foreach (var request in requests.Where(r => !outcomes.ContainsKey(r.OrderId)).DistinctBy(r => r.OrderId))
        {
            var shipment = new Shipment
            {
                Id = Guid.CreateVersion7(), OrderId = request.OrderId, CustomerSubject = request.CustomerSubject, Sku = request.Sku,
                Quantity = request.Quantity, ShippedAt = now,
            };
            db.Shipments.Add(shipment);
            created.Add(shipment);
        }
        if (created.Count > 0)
        {
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        foreach (var shipment in created)
        {
            outcomes[shipment.OrderId] = new ShipmentOutcome(shipment, Created: true);
        }
        return outcomes;
    }
}
