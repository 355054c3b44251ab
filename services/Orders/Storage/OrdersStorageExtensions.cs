using Microsoft.AspNetCore.DataProtection;
using TokenJourney.ServiceDefaults.Infrastructure;

namespace TokenJourney.Orders.Storage;

public static class OrdersStorageExtensions
{
    public static IHostApplicationBuilder AddOrdersStorage(this IHostApplicationBuilder builder)
    {
        builder.AddSqliteStore<OrdersDb>("orders.db");
        // Keys next to the database: a restarted Orders can still decrypt the tokens and secrets it stored.
        builder.Services.AddDataProtection()
            .SetApplicationName("TokenJourney.Orders")
            .PersistKeysToFileSystem(Directory.CreateDirectory(Path.Combine(builder.DataDirectory(), "keys")));
        return builder;
    }

    public static async Task EnsureOrdersDatabaseAsync(this WebApplication app)
    {
        await app.EnsureSqliteStoreAsync<OrdersDb>();
        // A database made before Orders confirmed reservations: its orders are confirmed at Inventory once, on this start.
        await app.AddColumnIfMissingAsync<OrdersDb>("Orders", "ReservationConfirmedAt", "INTEGER NULL");
        await app.ExecuteSqlAsync<OrdersDb>("CREATE INDEX IF NOT EXISTS \"IX_Orders_ReservationConfirmedAt\" ON \"Orders\" (\"ReservationConfirmedAt\")");
    }
}
