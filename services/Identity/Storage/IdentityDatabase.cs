using Microsoft.Data.Sqlite;

namespace TokenJourney.Identity.Storage;

/// <summary>
/// Where the provider's SQLite file is, for the statements that bypass EF Core (<see cref="SqliteTokenStore"/>,
/// <see cref="TokenWriter"/>). The same file and connection string as the EF Core context, so reads share its pool.
/// </summary>
public sealed class IdentityDatabase(string path)
{
    public const string FileName = "identity.db";

    public string ConnectionString { get; } = $"Data Source={path};Pooling=true;Default Timeout=30";

    /// <summary>The first row <paramref name="select"/> finds for <paramref name="value"/> (its one parameter, <c>$value</c>), read by <paramref name="read"/>; null if none.</summary>
    public async ValueTask<T?> ReadSingleAsync<T>(string select, string value, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
        where T : class
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = select;
        command.Parameters.AddWithValue("$value", value);
        await using var row = await command.ExecuteReaderAsync(cancellationToken);
        return await row.ReadAsync(cancellationToken) ? read(row) : null;
    }
}
