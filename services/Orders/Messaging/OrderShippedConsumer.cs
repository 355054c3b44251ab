using MassTransit;
using TokenJourney.Contracts;
using TokenJourney.Orders.Storage;
using TokenJourney.Orders.Webhooks;

namespace TokenJourney.Orders.Messaging;

/// <summary>Shipping shipped an order: it becomes Shipped once, and the customer is told (webhook and live stream).</summary>
public sealed partial class OrderShippedConsumer(OrdersDb db, OrderChangeNotifier notifier, TimeProvider time, ILogger<OrderShippedConsumer> logger)
    : IConsumer<OrderShipped>
{
    public async Task Consume(ConsumeContext<OrderShipped> context)
    {
        var message = context.Message;
        // An immediate transaction: a concurrent notification for the same order waits and then sees this change.
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var order = await db.Orders.FindAsync([message.OrderId], context.CancellationToken);
        if (order is null)
        {
            LogUnknownOrder(message.OrderId);
            return;
        }
        var now = time.GetUtcNow();
        if (!OrderTransitions.TryShip(order, message.ShipmentId, now))
        {
            return;
        }
        WebhookCallbacks.Enqueue(db, order, WebhookCallbacks.Shipped, now);
        await db.SaveChangesAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        notifier.Committed(order);
    }

    [LoggerMessage(LogLevel.Warning, "OrderShipped for unknown order {OrderId} ignored")]
    private partial void LogUnknownOrder(Guid orderId);
}
