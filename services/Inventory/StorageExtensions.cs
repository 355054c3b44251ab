using Microsoft.EntityFrameworkCore;

namespace TokenJourney.Inventory;

public static class StorageExtensions
{
    /// <summary>SQLite file under Storage:DataDirectory (AppHost's contract), defaulting to &lt;content root&gt;/.data.</summary>
    public static IHostApplicationBuilder AddInventoryStorage(this IHostApplicationBuilder builder)
    {
        var directory = builder.Configuration["Storage:DataDirectory"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(builder.Environment.ContentRootPath, ".data");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "inventory.db");
        builder.Services.AddDbContext<InventoryDb>(o => o.UseSqlite($"Data Source={path};Pooling=true;Default Timeout=30"));
        return builder;
    }

    public static async Task EnsureInventoryDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDb>();
        await db.Database.EnsureCreatedAsync();
        // WAL lets readers and the single writer proceed together under concurrent reservations.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        // Items added to the catalogue since the database was created appear on the next start; existing stock is kept.
        var known = await db.Stock.Select(s => s.Sku).ToListAsync();
        db.Stock.AddRange(Catalogue.Seed.Where(item => !known.Contains(item.Sku)).Select(item => new StockItem { Sku = item.Sku, Name = item.Name, Available = item.Available }));
        await db.SaveChangesAsync();
    }
}
