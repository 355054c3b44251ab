using Microsoft.EntityFrameworkCore;
using TokenJourney.ServiceDefaults.Infrastructure;

namespace TokenJourney.Inventory;

public static class InventoryStorageExtensions
{
    public static IHostApplicationBuilder AddInventoryStorage(this IHostApplicationBuilder builder) =>
        builder.AddSqliteStore<InventoryDb>("inventory.db");

    public static async Task EnsureInventoryDatabaseAsync(this WebApplication app)
    {
        await app.EnsureSqliteStoreAsync<InventoryDb>();
        // A database made before reservations were holds: its reservations are unconfirmed holds now, and Orders confirms
        // every order it has not confirmed yet (all of them, the first time) when it starts.
        await app.AddColumnIfMissingAsync<InventoryDb>("Reservations", "ConfirmedAt", "TEXT NULL");
        await app.ExecuteSqlAsync<InventoryDb>("CREATE INDEX IF NOT EXISTS \"IX_Reservations_ConfirmedAt\" ON \"Reservations\" (\"ConfirmedAt\")");
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDb>();
        // Items added to the catalogue since the database was created appear on the next start; existing stock is kept.
        var known = await db.Stock.Select(s => s.Sku).ToListAsync();
        db.Stock.AddRange(Catalogue.Seed.Where(item => !known.Contains(item.Sku)).Select(item => new StockItem { Sku = item.Sku, Name = item.Name, Available = item.Available }));
        await db.SaveChangesAsync();
    }
}
