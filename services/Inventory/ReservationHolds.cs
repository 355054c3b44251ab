using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace TokenJourney.Inventory;

/// <summary>
/// Confirms holds (Orders committed their orders) and releases the ones past <see cref="HoldOptions.Window"/>. Each runs in
/// one write transaction (SQLite's BEGIN IMMEDIATE), so a confirmation and a release of the same hold never interleave,
/// and both are idempotent: a second confirmation or a second sweep changes nothing.
/// </summary>
public sealed partial class ReservationHolds(InventoryDb db, IOptions<HoldOptions> options, TimeProvider time, ILogger<ReservationHolds> logger)
{
    public sealed record Confirmation(IReadOnlyList<Guid> Confirmed, IReadOnlyList<Guid> Unknown);

    /// <summary>
    /// Marks the orders' reservations confirmed. A hold already released (its window passed before the confirmation came:
    /// Orders or the identity provider was down that long) takes its stock again: the order exists and will ship, so the
    /// stock is owed, even when that takes <c>Available</c> below zero (an oversell, logged for a person to settle).
    /// </summary>
    public async Task<Confirmation> ConfirmAsync(IReadOnlyCollection<Guid> orderIds, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var reservations = await db.Reservations.Where(r => orderIds.Contains(r.OrderId)).ToListAsync(ct);
        var now = time.GetUtcNow();
        foreach (var reservation in reservations.Where(r => r.ConfirmedAt is null))
        {
            reservation.ConfirmedAt = now;
            if (reservation.ReleasedAt is null)
            {
                continue;
            }
            reservation.ReleasedAt = null;
            await db.Stock.Where(s => s.Sku == reservation.Sku)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Available, x => x.Available - reservation.Quantity), ct);
            var available = await db.Stock.Where(s => s.Sku == reservation.Sku).Select(s => s.Available).SingleAsync(ct);
            LogTakenAgain(reservation.OrderId, reservation.Quantity, reservation.Sku, available);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var known = reservations.Select(r => r.OrderId).ToHashSet();
        return new Confirmation([.. known], [.. orderIds.Where(id => !known.Contains(id)).Distinct()]);
    }

    /// <summary>Releases the holds nobody confirmed within the window and gives their stock back; returns how many.</summary>
    public async Task<int> ReleaseExpiredAsync(CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // SQLite cannot compare DateTimeOffset values in a query; unconfirmed holds are few (Orders confirms within a
        // second), so they are read and their age checked here.
        var now = time.GetUtcNow();
        var expired = (await db.Reservations.Where(r => r.ConfirmedAt == null && r.ReleasedAt == null).ToListAsync(ct))
            .Where(r => now - r.ReservedAt >= options.Value.Window)
            .ToList();
        foreach (var reservation in expired)
        {
            await ReleaseAsync(reservation, now, ct);
            LogExpired(reservation.OrderId, reservation.Quantity, reservation.Sku, options.Value.Window.TotalSeconds);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return expired.Count;
    }

    /// <summary>
    /// Marks the hold released and gives its stock back; the caller saves, inside its write transaction. For the
    /// sweeper and for a release the reserving customer asks for.
    /// </summary>
    public async Task ReleaseAsync(Reservation reservation, DateTimeOffset at, CancellationToken ct)
    {
        reservation.ReleasedAt = at;
        await db.Stock.Where(s => s.Sku == reservation.Sku)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Available, x => x.Available + reservation.Quantity), ct);
    }

    [LoggerMessage(LogLevel.Information, "Order {OrderId}: hold of {Quantity} x {Sku} released, not confirmed within {WindowSeconds} s (its order was never committed)")]
    private partial void LogExpired(Guid orderId, int quantity, string sku, double windowSeconds);

    [LoggerMessage(LogLevel.Warning, "Order {OrderId}: confirmed after its hold was released; {Quantity} x {Sku} taken again ({Available} now available, below zero means oversold)")]
    private partial void LogTakenAgain(Guid orderId, int quantity, string sku, int available);
}
