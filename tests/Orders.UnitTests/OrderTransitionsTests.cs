using TokenJourney.Orders.Storage;

namespace TokenJourney.Orders.UnitTests;

public sealed class OrderTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static Order NewOrder() => new() { Id = Guid.NewGuid(), Subject = "alice", Sku = "tea-sencha", Quantity = 1, CreatedAt = Now, UpdatedAt = Now };

    [Fact]
    public void A_placed_order_whose_token_was_refused_awaits_reauthorization_with_the_reason()
    {
        var order = NewOrder();

        Assert.True(OrderTransitions.TryAwaitReauthorization(order, 1, "shipping", "expired", Now));

        Assert.Equal(OrderStatus.AwaitingReauthorization, order.Status);
        Assert.Equal(("shipping", "expired"), (order.LastFailureStep, order.LastFailureReason));
    }

    [Fact]
    public void A_redelivered_refusal_changes_nothing_the_second_time()
    {
        var order = NewOrder();
        OrderTransitions.TryAwaitReauthorization(order, 1, "shipping", "expired", Now);

        Assert.False(OrderTransitions.TryAwaitReauthorization(order, 1, "shipping", "expired", Now));
    }

    [Fact]
    public void Resuming_starts_a_new_attempt_and_a_refusal_of_the_old_attempt_is_then_stale()
    {
        var order = NewOrder();
        OrderTransitions.TryAwaitReauthorization(order, 1, "shipping", "expired", Now);

        OrderTransitions.Resume(order, Now);

        Assert.Equal((OrderStatus.Reauthorized, 2), (order.Status, order.Attempt));
        Assert.False(OrderTransitions.TryAwaitReauthorization(order, 1, "shipping", "expired", Now));
        Assert.True(OrderTransitions.TryAwaitReauthorization(order, 2, "shipping", "expired", Now));
    }

    [Fact]
    public void Only_an_order_awaiting_reauthorization_can_be_resumed()
    {
        var placed = NewOrder();
        var shipped = NewOrder();
        OrderTransitions.TryShip(shipped, Guid.NewGuid(), Now);

        Assert.False(OrderTransitions.CanResume(placed));
        Assert.False(OrderTransitions.CanResume(shipped));
        Assert.Throws<InvalidOperationException>(() => OrderTransitions.Resume(placed, Now));
    }

    [Fact]
    public void An_order_ships_once_whatever_attempt_the_shipment_came_from()
    {
        var order = NewOrder();
        OrderTransitions.TryAwaitReauthorization(order, 1, "shipping", "expired", Now);
        var shipment = Guid.NewGuid();

        Assert.True(OrderTransitions.TryShip(order, shipment, Now));
        Assert.False(OrderTransitions.TryShip(order, Guid.NewGuid(), Now));

        Assert.Equal((OrderStatus.Shipped, shipment), (order.Status, order.ShipmentId));
        Assert.Null(order.LastFailureReason);
    }

    [Fact]
    public void A_refusal_arriving_after_the_order_shipped_is_ignored()
    {
        var order = NewOrder();
        OrderTransitions.TryShip(order, Guid.NewGuid(), Now);

        Assert.False(OrderTransitions.TryAwaitReauthorization(order, 1, "shipping", "expired", Now));
        Assert.Equal(OrderStatus.Shipped, order.Status);
    }
}
