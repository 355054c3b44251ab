using Microsoft.Data.Sqlite;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>An order as Orders stored it.</summary>
internal sealed record StoredOrder(Guid Id, string Subject, string Status, string? FailedStep, string? FailureReason, DateTimeOffset CreatedAt);

/// <summary>Orders' and Inventory's own SQLite files, read-only: what each service recorded, not what a client was told.</summary>
internal static class ServiceStores
{
    public static IReadOnlyList<StoredOrder> Orders(TokenJourneyFixture app) =>
        Read(app, "orders", "orders.db", "SELECT Id, Subject, Status, LastFailureStep, LastFailureReason, CreatedAt FROM Orders",
            r => new StoredOrder(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2),
                r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                DateTimeOffset.Parse(r.GetString(5), System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The reservations Inventory holds: for which order, and when it made each.</summary>
    public static IReadOnlyList<(Guid OrderId, DateTimeOffset ReservedAt)> Reservations(TokenJourneyFixture app) =>
        Read(app, "inventory", "inventory.db", "SELECT OrderId, ReservedAt FROM Reservations",
            r => (Guid.Parse(r.GetString(0)), DateTimeOffset.Parse(r.GetString(1), System.Globalization.CultureInfo.InvariantCulture)));

    private static List<T> Read<T>(TokenJourneyFixture app, string resource, string file, string query, Func<SqliteDataReader, T> row)
    {
        var path = Path.Combine(app.DataDirectory(resource), file);
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = query;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(row(reader));
        }
        return rows;
    }
}
