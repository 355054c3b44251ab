namespace TokenJourney.Storefront.Orders;

/// <summary>What the Storefront remembers of an order it placed: enough to show it, link its trace and resume it.</summary>
public sealed class PlacedOrder(string id, string subject, string sessionId, string item, int quantity, string traceId, DateTimeOffset placedAt)
{
    public string Id { get; } = id;
    public string Subject { get; } = subject;

    /// <summary>The session whose refresh token resumes this order when its token expired in the queue.</summary>
    public string SessionId { get; set; } = sessionId;

    public string Item { get; } = item;
    public int Quantity { get; } = quantity;
    public string TraceId { get; } = traceId;
    public DateTimeOffset PlacedAt { get; } = placedAt;
    public string Status { get; set; } = "Placed";
    public DateTimeOffset UpdatedAt { get; set; } = placedAt;

    /// <summary>Each status the order went through, oldest first (e.g. Placed, AwaitingReauthorization, Reauthorized, Shipped).</summary>
    public List<StatusChange> History { get; } = [new("Placed", placedAt)];
}

public sealed record StatusChange(string Status, DateTimeOffset At);
