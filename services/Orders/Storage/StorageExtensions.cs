using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace TokenJourney.Orders.Storage;

public static class StorageExtensions
{
    public static IHostApplicationBuilder AddOrdersStorage(this IHostApplicationBuilder builder)
    {
        var directory = builder.Configuration["Storage:DataDirectory"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(builder.Environment.ContentRootPath, ".data");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "orders.db");
        builder.Services.AddDbContext<OrdersDb>(o => o.UseSqlite($"Data Source={path};Pooling=true;Default Timeout=30"));
        // Keys next to the database: a restarted Orders can still decrypt the tokens and secrets it stored.
        builder.Services.AddDataProtection()
            .SetApplicationName("TokenJourney.Orders")
            .PersistKeysToFileSystem(Directory.CreateDirectory(Path.Combine(directory, "keys")));
        return builder;
    }

    public static async Task EnsureOrdersDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
        await db.Database.EnsureCreatedAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
}
