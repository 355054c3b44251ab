using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TokenJourney.Orders.Storage;

public sealed class OrdersDb(DbContextOptions<OrdersDb> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Order>().HasIndex(o => new { o.Subject, o.CreatedAt });
        model.Entity<Order>().HasIndex(o => o.ReservationConfirmedAt);
        model.Entity<OutboxMessage>().HasKey(m => m.Sequence);
        model.Entity<OutboxMessage>().HasIndex(m => m.DispatchedAt);
        model.Entity<WebhookDelivery>().HasIndex(d => new { d.State, d.NextAttemptAt });
        model.Entity<WebhookDelivery>().HasIndex(d => d.OrderId);
        model.Entity<WebhookAttempt>().HasIndex(a => a.DeliveryId);

        // SQLite cannot compare or order DateTimeOffset values; stored as sortable binary ticks they can.
        foreach (var property in model.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            if (property.ClrType == typeof(DateTimeOffset) || property.ClrType == typeof(DateTimeOffset?))
            {
                property.SetValueConverter(new DateTimeOffsetToBinaryConverter());
            }
        }
    }
}
