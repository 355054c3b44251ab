using System.Diagnostics;
using MassTransit;
using TokenJourney.Contracts;
using TokenJourney.ServiceDefaults;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Shipping;

/// <summary>
/// Ships an order only when the token in its message's header is valid now, for audience <c>shipping</c> with scope
/// <c>shipping:create</c>, and was issued to the customer named in the message. Otherwise nothing ships and Orders is
/// told why, so it can ask the customer to re-authorize.
/// </summary>
/// <remarks>
/// Messages arrive in batches (see <see cref="ShippingMessagingExtensions"/>): every message's token is still validated on its
/// own, but the shipments of a batch are written in one transaction and the outcomes published together, so a backlog
/// drains at the rate the broker delivers instead of one SQLite commit and one publisher confirm at a time. Each
/// message keeps its own span in its order's trace.
/// </remarks>
public sealed partial class OrderPlacedConsumer(
    AccessTokenValidator validator, ShipmentBook shipments, TimeProvider time, ILogger<OrderPlacedConsumer> logger) : IConsumer<Batch<OrderPlaced>>
{
    public const string Strategy = "message";

    /// <summary>What MassTransit's receive span put in the message's transport headers: the trace it belongs to.</summary>
    private const string TraceParentHeader = "MT-Activity-Id";

    public async Task Consume(ConsumeContext<Batch<OrderPlaced>> context)
    {
        var verdicts = new List<Verdict>(context.Message.Length);
        try
        {
            foreach (var delivery in context.Message)
            {
                verdicts.Add(await JudgeAsync(delivery));
            }

            var accepted = verdicts.Where(v => v.Reason is null)
                .Select(v => new ShipmentRequest(v.Message.OrderId, v.Message.CustomerSubject, v.Message.Sku, v.Message.Quantity))
                .ToList();
            var outcomes = new Dictionary<Guid, ShipmentOutcome>(await shipments.ShipOnceAsync(accepted, context.CancellationToken));
            // A refused copy of an order that has already shipped (a redelivery after a crash, its token expired since)
            // asks for nothing new: it is answered with the shipment, not with a request to re-authorize, which would
            // send the customer to refresh and resume an order that is already on its way.
            var refused = verdicts.Where(v => v.Reason is not null).Select(v => v.Message.OrderId).Distinct().ToList();
            foreach (var (orderId, outcome) in await shipments.ExistingAsync(refused, context.CancellationToken))
            {
                outcomes.TryAdd(orderId, outcome);
            }

            await Task.WhenAll(verdicts.Select(v => PublishOutcomeAsync(v, outcomes)));
            LogBatch(verdicts.Count, outcomes.Values.Count(o => o.Created), verdicts.Count(v => v.Reason is not null && !outcomes.ContainsKey(v.Message.OrderId)));
        }
        finally
        {
            foreach (var verdict in verdicts)
            {
                verdict.Activity?.Dispose();
            }
        }
    }

    private async Task<Verdict> JudgeAsync(ConsumeContext<OrderPlaced> delivery)
    {
        var message = delivery.Message;
        var headers = delivery.ReceiveContext.TransportHeaders;
        ActivityContext.TryParse(headers.Get<string>(TraceParentHeader), null, isRemote: true, out var parent);
        var activity = TokenJourneyTelemetry.ActivitySource.StartActivity("shipping validate message token", ActivityKind.Internal, parent);
        activity?.SetTag("order.id", message.OrderId.ToString());

        var result = await validator.ValidateAsync(headers.Get<string>(TokenHeaders.AccessToken), Scopes.ShippingCreate);
        var reason = result.Reason;
        if (result.IsValid && result.Principal!.Subject() != message.CustomerSubject)
        {
            // The token is genuine but someone else's: it must not authorize shipping this customer's order.
            reason = "subject_mismatch";
        }

        if (reason is null)
        {
            TokenFacts.Record(activity, result.Principal!, Strategy, time.GetUtcNow());
        }
        else
        {
            TokenFacts.RecordRejection(activity, Strategy, reason);
            if (reason == "expired")
            {
                // The journey's point: this token was fine when published and ran out while it waited in the queue.
                activity?.SetTag(TokenJourneyTelemetry.Tags.Outcome, "expired");
            }
        }
        return new Verdict(delivery, activity, reason);
    }

    private async Task PublishOutcomeAsync(Verdict verdict, IReadOnlyDictionary<Guid, ShipmentOutcome> outcomes)
    {
        // Published under the message's own span, so the outcome continues the order's trace. Activity.Current is an
        // async local: setting it here changes only this outcome's flow.
        Activity.Current = verdict.Activity;
        var (delivery, message) = (verdict.Delivery, verdict.Message);
        var correlationId = delivery.CorrelationId ?? message.OrderId;
        if (verdict.Reason is not null && !outcomes.ContainsKey(message.OrderId))
        {
            // Logged here, not when judged: a refused copy of an order already shipped is answered with its shipment.
            LogRefused(message.OrderId, message.Attempt, verdict.Reason);
            await delivery.Publish(new OrderAuthorizationFailed(message.OrderId, message.Attempt, "shipping", verdict.Reason, correlationId));
            return;
        }

        var (shipment, created) = outcomes[message.OrderId];
        if (created)
        {
            LogShipped(shipment.Id, message.OrderId);
        }
        else
        {
            LogAlreadyShipped(message.OrderId, shipment.Id);
        }
        await delivery.Publish(new OrderShipped(message.OrderId, message.Attempt, shipment.Id, shipment.ShippedAt, correlationId));
    }

    private sealed record Verdict(ConsumeContext<OrderPlaced> Delivery, Activity? Activity, string? Reason)
    {
        public OrderPlaced Message => Delivery.Message;
    }

    [LoggerMessage(LogLevel.Information, "Batch of {Count} OrderPlaced: {Shipped} shipments created, {Refused} refused")]
    private partial void LogBatch(int count, int shipped, int refused);

    // Debug: at a backlog's rate a line per shipment costs more than the shipment; the batch line and the trace remain.
    [LoggerMessage(LogLevel.Debug, "Shipment {ShipmentId} created for order {OrderId}")]
    private partial void LogShipped(Guid shipmentId, Guid orderId);

    [LoggerMessage(LogLevel.Information, "Order {OrderId} was already shipped as {ShipmentId}; redelivery ignored")]
    private partial void LogAlreadyShipped(Guid orderId, Guid shipmentId);

    [LoggerMessage(LogLevel.Warning, "Order {OrderId} (attempt {Attempt}) not shipped: message token refused ({Reason})")]
    private partial void LogRefused(Guid orderId, int attempt, string reason);
}
