using Microsoft.Data.Sqlite;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>Shipping's own SQLite file, read-only: what Shipping recorded, not what Orders was told.</summary>
internal static class ShippingStore
{
    /// <summary>The number of shipment rows per order id.</summary>
    public static Dictionary<Guid, int> ShipmentsPerOrder(TokenJourneyFixture app)
    {
        var path = Path.Combine(app.DataDirectory("shipping"), "shipping.db");
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT OrderId, COUNT(*) FROM Shipments GROUP BY OrderId";
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<Guid, int>();
        while (reader.Read())
        {
            counts[Guid.Parse(reader.GetString(0))] = reader.GetInt32(1);
        }
        return counts;
    }

    /// <summary>The orders Shipping shipped at or after <paramref name="since"/>.</summary>
    public static IReadOnlyList<Guid> ShippedSince(TokenJourneyFixture app, DateTimeOffset since)
    {
        var path = Path.Combine(app.DataDirectory("shipping"), "shipping.db");
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT OrderId, ShippedAt FROM Shipments";
        using var reader = command.ExecuteReader();
        var orders = new List<Guid>();
        while (reader.Read())
        {
            if (ServiceStores.Time(reader, 1) >= since)
            {
                orders.Add(Guid.Parse(reader.GetString(0)));
            }
        }
        return orders;
    }
}
