namespace TokenJourney.Orders.Storage;

public sealed class Order
{
    public Guid Id { get; set; }
    public required string Subject { get; set; }
    public string? ClientId { get; set; }
    public required string Sku { get; set; }
    public int Quantity { get; set; }
    public string Status { get; set; } = OrderStatus.Placed;
    /// <summary>1 at placement, +1 per resume. Notifications for an older attempt are stale and ignored.</summary>
    public int Attempt { get; set; } = 1;
    /// <summary>Where the customer's client wants to be called back; already checked against the allow-list.</summary>
    public string? CallbackUrl { get; set; }
    /// <summary>The configured webhook client whose allow-list admitted <see cref="CallbackUrl"/>; its secret signs the callbacks.</summary>
    public string? WebhookClient { get; set; }
    public Guid? ShipmentId { get; set; }
    public string? LastFailureStep { get; set; }
    public string? LastFailureReason { get; set; }
    public string? TraceId { get; set; }
    /// <summary>
    /// When Inventory acknowledged that this order was committed (<c>Reservations/ReservationConfirmer</c>); until then its
    /// reservation is a hold Inventory releases after its window.
    /// </summary>
    public DateTimeOffset? ReservationConfirmedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
