using System.Diagnostics;
using System.Text.Json;
using TokenJourney.Orders.Storage;

namespace TokenJourney.Orders.Webhooks;

/// <summary>
/// Queues a callback for an order in the caller's unit of work, so the callback exists exactly when the change it
/// reports was committed (once per change: a redelivered notification that changes nothing queues nothing).
/// </summary>
public static class WebhookCallbacks
{
    public const string ReauthorizationRequired = "order.reauthorization_required";
    public const string Shipped = "order.shipped";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebhookDelivery? Enqueue(OrdersDb db, Order order, string eventType, DateTimeOffset now)
    {
        if (order.CallbackUrl is null || order.WebhookClient is null)
        {
            return null;
        }
        var delivery = new WebhookDelivery
        {
            Id = "msg_" + Guid.CreateVersion7().ToString("N"),
            OrderId = order.Id,
            Client = order.WebhookClient,
            Url = order.CallbackUrl,
            EventType = eventType,
            Payload = Payload(order, eventType, now),
            TraceParent = Activity.Current?.Id,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.WebhookDeliveries.Add(delivery);
        return delivery;
    }

    /// <summary>Standard Webhooks' recommended shape: <c>{ type, timestamp, data }</c>.</summary>
    public static string Payload(Order order, string eventType, DateTimeOffset now) => JsonSerializer.Serialize(new
    {
        type = eventType,
        timestamp = now,
        data = new
        {
            orderId = order.Id,
            status = order.Status,
            attempt = order.Attempt,
            step = order.LastFailureStep,
            reason = order.LastFailureReason,
            shipmentId = order.ShipmentId,
        },
    }, Json);
}
