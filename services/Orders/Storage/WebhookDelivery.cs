namespace TokenJourney.Orders.Storage;

public sealed class WebhookDelivery
{
    /// <summary>The Standard Webhooks <c>webhook-id</c>: the same on every retry so the receiver can deduplicate.</summary>
    public required string Id { get; set; }
    public Guid OrderId { get; set; }
    public required string Client { get; set; }
    public required string Url { get; set; }
    public required string EventType { get; set; }
    public required string Payload { get; set; }
    public string State { get; set; } = WebhookDeliveryState.Pending;
    public int Attempts { get; set; }
    public string? TraceParent { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}
