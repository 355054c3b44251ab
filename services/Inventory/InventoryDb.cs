using Microsoft.EntityFrameworkCore;

namespace TokenJourney.Inventory;

public sealed class InventoryDb(DbContextOptions<InventoryDb> options) : DbContext(options)
{
    public DbSet<StockItem> Stock => Set<StockItem>();
    public DbSet<Reservation> Reservations => Set<Reservation>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<StockItem>().HasKey(s => s.Sku);
        model.Entity<Reservation>().HasKey(r => r.OrderId);
        // The sweeper looks for unconfirmed holds among every reservation ever made.
        model.Entity<Reservation>().HasIndex(r => r.ConfirmedAt);
    }
}
