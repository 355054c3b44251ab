namespace TokenJourney.Orders.Outbox;

/// <summary>Wakes the outbox publisher when an order commits a message, instead of at its next poll.</summary>
public sealed class OutboxSignal : WorkSignal;
