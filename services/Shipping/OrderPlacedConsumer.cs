using System.Diagnostics;
using MassTransit;
using TokenJourney.Contracts;
using TokenJourney.ServiceDefaults;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Shipping;

/// <summary>
/// Ships an order only when the token in the message header is valid now, for audience <c>shipping</c> with scope
/// <c>shipping:create</c>, and was issued to the customer named in the message. Otherwise nothing ships and
/// Orders is told why, so it can ask the customer to re-authorize.
/// </summary>
public sealed partial class OrderPlacedConsumer(
    AccessTokenValidator validator, ShipmentBook shipments, TimeProvider time, ILogger<OrderPlacedConsumer> logger) : IConsumer<OrderPlaced>
{
    public const string RequiredScope = "shipping:create";
    public const string Strategy = "message";

    public async Task Consume(ConsumeContext<OrderPlaced> context)
    {
        var message = context.Message;
        var correlationId = context.CorrelationId ?? message.OrderId;
        using var activity = TokenJourneyTelemetry.ActivitySource.StartActivity("shipping validate message token");
        activity?.SetTag("order.id", message.OrderId.ToString());

        var token = context.Headers.Get<string>(TokenHeaders.AccessToken);
        var result = await validator.ValidateAsync(token, RequiredScope);
        var reason = result.Reason;
        if (result.IsValid && result.Principal!.FindFirst("sub")?.Value != message.CustomerSubject)
        {
            // The token is genuine but someone else's: it must not authorize shipping this customer's order.
            reason = "subject_mismatch";
        }

        if (reason is not null)
        {
            TokenFacts.RecordRejection(activity, Strategy, reason);
            if (reason == "expired")
            {
                // The journey's point: this token was fine when published and ran out while it waited in the queue.
                activity?.SetTag(TokenJourneyTelemetry.Tags.Outcome, "expired");
            }
            LogRefused(message.OrderId, message.Attempt, reason);
            await context.Publish(new OrderAuthorizationFailed(message.OrderId, message.Attempt, "shipping", reason, correlationId));
            return;
        }

        TokenFacts.Record(activity, result.Principal!, Strategy, time.GetUtcNow());
        var (shipment, created) = await shipments.ShipOnceAsync(message.OrderId, message.CustomerSubject, message.Sku, message.Quantity, context.CancellationToken);
        if (created)
        {
            LogShipped(shipment.Id, message.OrderId);
        }
        else
        {
            LogAlreadyShipped(message.OrderId, shipment.Id);
        }
        await context.Publish(new OrderShipped(message.OrderId, message.Attempt, shipment.Id, shipment.ShippedAt, correlationId));
    }

    [LoggerMessage(LogLevel.Information, "Shipment {ShipmentId} created for order {OrderId}")]
    private partial void LogShipped(Guid shipmentId, Guid orderId);

    [LoggerMessage(LogLevel.Information, "Order {OrderId} was already shipped as {ShipmentId}; redelivery ignored")]
    private partial void LogAlreadyShipped(Guid orderId, Guid shipmentId);

    [LoggerMessage(LogLevel.Warning, "Order {OrderId} (attempt {Attempt}) not shipped: message token refused ({Reason})")]
    private partial void LogRefused(Guid orderId, int attempt, string reason);
}
