using TokenJourney.ServiceDefaults.Infrastructure;

namespace TokenJourney.Shipping;

public static class ShippingStorageExtensions
{
    public static IHostApplicationBuilder AddShippingStorage(this IHostApplicationBuilder builder) =>
        builder.AddSqliteStore<ShippingDb>("shipping.db");

    public static Task EnsureShippingDatabaseAsync(this WebApplication app) => app.EnsureSqliteStoreAsync<ShippingDb>();
}
