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
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A message committed in the same transaction as the order change it announces. The token it needs is kept
/// encrypted (Data Protection) only until the message is published, then erased.
/// </summary>
public sealed class OutboxMessage
{
    public long Sequence { get; set; }
    public Guid MessageId { get; set; }
    public Guid OrderId { get; set; }
    public required string MessageType { get; set; }
    public required string Body { get; set; }
    public string? ProtectedToken { get; set; }
    /// <summary>The W3C traceparent of the request that committed it, so the publish joins the user's trace.</summary>
    public string? TraceParent { get; set; }
    public int PublishAttempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
}

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

public static class WebhookDeliveryState
{
    public const string Pending = "Pending";
    public const string Delivered = "Delivered";
    public const string Failed = "Failed";
}

/// <summary>One HTTP attempt of a delivery, kept for support and for the customer's own view.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; set; }
    public required string DeliveryId { get; set; }
    public int Number { get; set; }
    public DateTimeOffset At { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
}
