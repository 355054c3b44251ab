namespace TokenJourney.Orders.Storage;

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
