namespace TokenJourney.Inventory;

public static class Catalogue
{
    /// <summary>
    /// Plenty of stock: demos and load tests should not run out. The SKU-* items are the ones the Storefront sells
    /// (its Catalog:Items); the others are for API clients and tests.
    /// </summary>
    public static readonly StockItem[] Seed =
    [
        new() { Sku = "SKU-MUG", Name = "TokenJourney mug", Available = 1_000_000 },
        new() { Sku = "SKU-TSHIRT", Name = "TokenJourney T-shirt", Available = 1_000_000 },
        new() { Sku = "SKU-STICKER", Name = "Sticker pack", Available = 1_000_000 },
        new() { Sku = "tea-sencha", Name = "Sencha green tea, 100 g", Available = 1_000_000 },
        new() { Sku = "tea-earl-grey", Name = "Earl Grey, 100 g", Available = 1_000_000 },
        new() { Sku = "mug-stoneware", Name = "Stoneware mug", Available = 1_000_000 },
        new() { Sku = "kettle-gooseneck", Name = "Gooseneck kettle", Available = 5 },
        new() { Sku = "teapot-cast-iron", Name = "Cast-iron teapot", Available = 1_000 },
    ];
}
