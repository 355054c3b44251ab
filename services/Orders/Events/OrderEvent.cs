using TokenJourney.Orders.Storage;

namespace TokenJourney.Orders.Events;

/// <summary>What the live stream tells a customer about one of their orders: facts, never a token.</summary>
public sealed record OrderEvent(Guid OrderId, string Status, int Attempt, string? Step, string? Reason, Guid? ShipmentId, DateTimeOffset At)
{
    public static OrderEvent From(Order order) =>
        new(order.Id, order.Status, order.Attempt, order.LastFailureStep, order.LastFailureReason, order.ShipmentId, order.UpdatedAt);
}
