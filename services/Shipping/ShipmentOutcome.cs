namespace TokenJourney.Shipping;

public sealed record ShipmentOutcome(Shipment Shipment, bool Created);
