namespace TokenJourney.Orders.Storage;

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
