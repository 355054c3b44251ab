namespace TokenJourney.Inventory;

/// <summary>One reservation per order: reserving again for the same order is a no-op, so Orders may retry safely.</summary>
public sealed class Reservation
{
    public Guid OrderId { get; set; }
    public required string Sku { get; set; }
    public int Quantity { get; set; }
    public required string Subject { get; set; }
    public DateTimeOffset ReservedAt { get; set; }
    public DateTimeOffset? ReleasedAt { get; set; }
}
