using Microsoft.EntityFrameworkCore;

namespace TokenJourney.Shipping;

public sealed class ShippingDb(DbContextOptions<ShippingDb> options) : DbContext(options)
{
    public DbSet<Shipment> Shipments => Set<Shipment>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        // The database, not the consumer's memory, guarantees one shipment per order across redeliveries and restarts.
        model.Entity<Shipment>().HasIndex(s => s.OrderId).IsUnique();
    }
}
