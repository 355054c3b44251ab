using Microsoft.EntityFrameworkCore;

namespace TokenJourney.Shipping;

public static class StorageExtensions
{
    public static IHostApplicationBuilder AddShippingStorage(this IHostApplicationBuilder builder)
    {
        var directory = builder.Configuration["Storage:DataDirectory"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(builder.Environment.ContentRootPath, ".data");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "shipping.db");
        builder.Services.AddDbContext<ShippingDb>(o => o.UseSqlite($"Data Source={path};Pooling=true;Default Timeout=30"));
        return builder;
    }

    public static async Task EnsureShippingDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShippingDb>();
        await db.Database.EnsureCreatedAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
}
