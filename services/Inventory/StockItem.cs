namespace TokenJourney.Inventory;

public sealed class StockItem
{
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public int Available { get; set; }
}
