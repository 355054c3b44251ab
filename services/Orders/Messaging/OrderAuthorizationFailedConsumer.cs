using MassTransit;
using TokenJourney.Contracts;
using TokenJourney.Orders.Storage;
using TokenJourney.Orders.Webhooks;

namespace TokenJourney.Orders.Messaging;

/// <summary>
/// A step refused the token an order carried (typically: it expired while the message waited in the queue). The
/// order waits for the customer to re-authorize, and the customer is called back once per refusal.
/// </summary>
public sealed partial class OrderAuthorizationFailedConsumer(
    OrdersDb db, OrderChangeNotifier notifier, TimeProvider time, ILogger<OrderAuthorizationFailedConsumer> logger)
    : IConsumer<OrderAuthorizationFailed>
{
    public async Task Consume(ConsumeContext<OrderAuthorizationFailed> context)
    {
        var message = context.Message;
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var order = await db.Orders.FindAsync([message.OrderId], context.CancellationToken);
        if (order is null)
        {
            LogUnknownOrder(message.OrderId, message.Reason);
            return;
        }
        var now = time.GetUtcNow();
        // A stale refusal (an earlier attempt, or an order already shipped) or a redelivery changes nothing.
        if (!OrderTransitions.TryAwaitReauthorization(order, message.Attempt, message.Step, message.Reason, now))
        {
            return;
        }
        WebhookCallbacks.Enqueue(db, order, WebhookCallbacks.ReauthorizationRequired, now);
        await db.SaveChangesAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        LogAwaiting(order.Id, message.Step, message.Reason);
        notifier.Committed(order);
    }

    [LoggerMessage(LogLevel.Warning, "Authorization failure for unknown order {OrderId} ({Reason}) ignored")]
    private partial void LogUnknownOrder(Guid orderId, string reason);

    [LoggerMessage(LogLevel.Information, "Order {OrderId} awaits re-authorization: {Step} refused its token ({Reason})")]
    private partial void LogAwaiting(Guid orderId, string step, string reason);
}
