using TokenJourney.Orders.Storage;

namespace TokenJourney.Orders.Endpoints;

/// <summary>What a customer sees of their order: its state and why it waits, never a token.</summary>
public sealed record OrderView(
    Guid Id, string Status, string Sku, int Quantity, int Attempt, Guid? ShipmentId, string? CallbackUrl,
    string? FailedStep, string? FailureReason, string? TraceId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static OrderView From(Order o) => new(
        o.Id, o.Status, o.Sku, o.Quantity, o.Attempt, o.ShipmentId, o.CallbackUrl, o.LastFailureStep, o.LastFailureReason, o.TraceId, o.CreatedAt, o.UpdatedAt);
}
