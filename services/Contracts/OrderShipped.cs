namespace TokenJourney.Contracts;

/// <summary>Shipping created (or had already created) the one shipment of an order.</summary>
public sealed record OrderShipped(Guid OrderId, int Attempt, Guid ShipmentId, DateTimeOffset ShippedAt, Guid CorrelationId);
