using Microsoft.Data.Sqlite;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>An order as Orders stored it.</summary>
internal sealed record StoredOrder(Guid Id, string Subject, string Status, string? FailedStep, string? FailureReason, DateTimeOffset CreatedAt);

/// <summary>A reservation as Inventory stored it: a hold until <see cref="ConfirmedAt"/>, given back at <see cref="ReleasedAt"/>.</summary>
internal sealed record StoredReservation(Guid OrderId, string Sku, int Quantity, DateTimeOffset ReservedAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? ReleasedAt)
{
    public bool Held => ReleasedAt is null;
}

/// <summary>Orders' and Inventory's own SQLite files, read-only: what each service recorded, not what a client was told.</summary>
internal static class ServiceStores
{
    public static IReadOnlyList<StoredOrder> Orders(TokenJourneyFixture app) =>
        Read(app, "orders", "orders.db", "SELECT Id, Subject, Status, LastFailureStep, LastFailureReason, CreatedAt FROM Orders",
            r => new StoredOrder(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2),
                r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                Time(r, 5)));

    /// <summary>Every reservation Inventory made: for which order, when, and whether it was confirmed or released since.</summary>
    public static IReadOnlyList<StoredReservation> Reservations(TokenJourneyFixture app) =>
        Read(app, "inventory", "inventory.db", "SELECT OrderId, Sku, Quantity, ReservedAt, ConfirmedAt, ReleasedAt FROM Reservations",
            r => new StoredReservation(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetInt32(2), Time(r, 3),
                r.IsDBNull(4) ? null : Time(r, 4), r.IsDBNull(5) ? null : Time(r, 5)));

    public static StoredReservation? Reservation(TokenJourneyFixture app, Guid orderId) =>
        Reservations(app).SingleOrDefault(r => r.OrderId == orderId);

    /// <summary>
    /// A time as a service stored it: text, or an integer where EF Core's DateTimeOffsetToBinaryConverter keeps it
    /// sortable in SQLite (milliseconds of ticks shifted left 11 bits, the offset in minutes in the low bits).
    /// </summary>
    public static DateTimeOffset Time(SqliteDataReader reader, int column)
    {
        if (reader.GetFieldType(column) != typeof(long))
        {
            return DateTimeOffset.Parse(reader.GetString(column), System.Globalization.CultureInfo.InvariantCulture);
        }
        var value = reader.GetInt64(column);
        var offsetMinutes = (int)(value << 53 >> 53);
        return new DateTimeOffset((value >> 11) * 1000, TimeSpan.FromMinutes(offsetMinutes));
    }

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
