namespace TokenJourney.Orders.Storage;

/// <summary>The order life cycle in one place, so the consumers, the resume endpoint and the tests agree on it.</summary>
public static class OrderTransitions
{
    /// <summary>Shipping refused attempt <paramref name="attempt"/>. Only the current attempt of an order still waiting to ship moves it.</summary>
    public static bool TryAwaitReauthorization(Order order, int attempt, string step, string reason, DateTimeOffset now)
    {
        if (!IsWaitingForShipping(order) || order.Attempt != attempt)
        {
            return false;
        }
        order.Status = OrderStatus.AwaitingReauthorization;
        order.LastFailureStep = step;
        order.LastFailureReason = reason;
        order.UpdatedAt = now;
        return true;
    }

    /// <summary>A shipment exists: whatever attempt it came from, the order is shipped (once).</summary>
    public static bool TryShip(Order order, Guid shipmentId, DateTimeOffset now)
    {
        if (order.Status == OrderStatus.Shipped)
        {
            return false;
        }
        order.Status = OrderStatus.Shipped;
        order.ShipmentId = shipmentId;
        order.LastFailureReason = null;
        order.LastFailureStep = null;
        order.UpdatedAt = now;
        return true;
    }

    public static bool CanResume(Order order) => order.Status == OrderStatus.AwaitingReauthorization;

    public static void Resume(Order order, DateTimeOffset now)
    {
        if (!CanResume(order))
        {
            throw new InvalidOperationException($"Order {order.Id} is {order.Status}; only an order awaiting re-authorization can resume.");
        }
        order.Status = OrderStatus.Reauthorized;
        order.Attempt++;
        order.UpdatedAt = now;
    }

    private static bool IsWaitingForShipping(Order order) =>
        order.Status is OrderStatus.Placed or OrderStatus.Reauthorized;
}
