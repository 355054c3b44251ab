namespace TokenJourney.Shipping;

public sealed class Shipment
{
    public Guid Id { get; set; }
    public Guid OrderId { get; set; }
    public required string CustomerSubject { get; set; }
    public required string Sku { get; set; }
    public int Quantity { get; set; }
    public DateTimeOffset ShippedAt { get; set; }
}
