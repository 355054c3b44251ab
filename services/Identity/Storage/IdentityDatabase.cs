namespace TokenJourney.Identity.Storage;

/// <summary>
/// Where the provider's SQLite file is, for the statements that bypass EF Core (<see cref="SqliteTokenStore"/>,
/// <see cref="TokenWriter"/>). The same file and connection string as the EF Core context, so reads share its pool.
/// </summary>
public sealed class IdentityDatabase(string path)
{
    public const string FileName = "identity.db";

    public string ConnectionString { get; } = $"Data Source={path};Pooling=true;Default Timeout=30";
}
