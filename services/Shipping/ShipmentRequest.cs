namespace TokenJourney.Shipping;

public sealed record ShipmentRequest(Guid OrderId, string CustomerSubject, string Sku, int Quantity);
