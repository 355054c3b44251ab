using Microsoft.EntityFrameworkCore;

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

public sealed class ShippingDb(DbContextOptions<ShippingDb> options) : DbContext(options)
{
    public DbSet<Shipment> Shipments => Set<Shipment>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        // The database, not the consumer's memory, guarantees one shipment per order across redeliveries and restarts.
        model.Entity<Shipment>().HasIndex(s => s.OrderId).IsUnique();
    }
}
