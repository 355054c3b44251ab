namespace TokenJourney.Orders.Webhooks;

/// <summary>Wakes the webhook deliverer when an order changes, instead of at its next poll.</summary>
public sealed class WebhookSignal : WorkSignal;
