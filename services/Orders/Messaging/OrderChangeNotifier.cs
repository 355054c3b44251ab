using TokenJourney.Orders.Events;
using TokenJourney.Orders.Storage;
using TokenJourney.Orders.Webhooks;

namespace TokenJourney.Orders.Messaging;

/// <summary>After an order change is committed: tell the customer's live streams and wake the webhook sender.</summary>
public sealed class OrderChangeNotifier(OrderEventStream events, WebhookSignal webhooks)
{
    public void Committed(Order order)
    {
        events.Publish(order.Subject, OrderEvent.From(order));
        webhooks.Notify();
    }
}
