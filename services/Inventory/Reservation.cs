namespace TokenJourney.Inventory;

/// <summary>
/// One reservation per order: reserving again for the same order is a no-op, so Orders may retry safely. A reservation
/// starts as a hold: Orders confirms it once the order is committed (<see cref="ConfirmedAt"/>), and
/// <see cref="HoldSweeper"/> releases a hold nobody confirmed within <see cref="HoldOptions.Window"/>, because its order
/// was never committed (Orders died, or lost Inventory's answer, between the reservation and the commit).
/// </summary>
public sealed class Reservation
{
    public Guid OrderId { get; set; }
    public required string Sku { get; set; }
    public int Quantity { get; set; }
    public required string Subject { get; set; }
    public DateTimeOffset ReservedAt { get; set; }
    /// <summary>When Orders said the order was committed: from then on the stock stays taken, whatever the window.</summary>
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? ReleasedAt { get; set; }
}
