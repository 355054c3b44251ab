using Microsoft.EntityFrameworkCore;

namespace TokenJourney.Inventory;

public sealed class StockItem
{
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public int Available { get; set; }
}

/// <summary>One reservation per order: reserving again for the same order is a no-op, so Orders may retry safely.</summary>
public sealed class Reservation
{
    public Guid OrderId { get; set; }
    public required string Sku { get; set; }
    public int Quantity { get; set; }
    public required string Subject { get; set; }
    public DateTimeOffset ReservedAt { get; set; }
    public DateTimeOffset? ReleasedAt { get; set; }
}

public sealed class InventoryDb(DbContextOptions<InventoryDb> options) : DbContext(options)
{
    public DbSet<StockItem> Stock => Set<StockItem>();
    public DbSet<Reservation> Reservations => Set<Reservation>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<StockItem>().HasKey(s => s.Sku);
        model.Entity<Reservation>().HasKey(r => r.OrderId);
    }
}

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
    ];
}
