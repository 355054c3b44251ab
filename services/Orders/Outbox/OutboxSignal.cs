using TokenJourney.Orders.Webhooks;

namespace TokenJourney.Orders.Outbox;

public sealed class OutboxSignal : WorkSignal;
