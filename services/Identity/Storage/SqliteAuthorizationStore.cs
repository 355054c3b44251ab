using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictExceptions;

namespace TokenJourney.Identity.Storage;

/// <summary>
/// OpenIddict's EF Core authorization store, with finding one by id in plain SQLite: every refresh checks that its
/// sign-in's authorization is still valid (not revoked by logout or revocation), and that EF Core query was about a
/// tenth of a refresh's CPU. An authorization read here is not tracked by the context, so its update (revoking it) is a
/// plain statement too, guarded by the concurrency token as EF Core's; everything else stays EF Core's.
/// </summary>
public sealed class SqliteAuthorizationStore(IMemoryCache cache, IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options, IdentityDbContext db, IdentityDatabase database, TokenWriter writer)
    : OpenIddictEntityFrameworkCoreAuthorizationStore<OpenIddictEntityFrameworkCoreAuthorization, OpenIddictEntityFrameworkCoreApplication,
        OpenIddictEntityFrameworkCoreToken, string>(cache, context, options)
{
    private const string Columns = "Id, ApplicationId, ConcurrencyToken, CreationDate, Properties, Scopes, Status, Subject, Type";

    private const string Update = "UPDATE OpenIddictAuthorizations SET ApplicationId = $application, ConcurrencyToken = $concurrency, " +
        "CreationDate = $created, Properties = $properties, Scopes = $scopes, Status = $status, Subject = $subject, Type = $type " +
        "WHERE Id = $id AND ConcurrencyToken IS $expected";

    public override ValueTask<OpenIddictEntityFrameworkCoreAuthorization?> FindByIdAsync(string identifier, CancellationToken cancellationToken) =>
        database.ReadSingleAsync("SELECT " + Columns + " FROM OpenIddictAuthorizations WHERE Id = $value", identifier, Read, cancellationToken);

    private static OpenIddictEntityFrameworkCoreAuthorization Read(SqliteDataReader row) => new()
    {
        Id = row.GetString(0),
        Application = row.IsDBNull(1) ? null : new OpenIddictEntityFrameworkCoreApplication { Id = row.GetString(1) },
        ConcurrencyToken = SqliteColumns.Text(row, 2),
        CreationDate = SqliteColumns.Date(row, 3),
        Properties = SqliteColumns.Text(row, 4),
        Scopes = SqliteColumns.Text(row, 5),
        Status = SqliteColumns.Text(row, 6),
        Subject = SqliteColumns.Text(row, 7),
        Type = SqliteColumns.Text(row, 8),
    };

    public override async ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreAuthorization authorization, CancellationToken cancellationToken)
    {
        if (db.Entry(authorization).State != EntityState.Detached)
        {
            // Read by one of EF Core's queries: EF Core keeps its own view of it consistent.
            await base.UpdateAsync(authorization, cancellationToken);
            return;
        }
        var next = Guid.NewGuid().ToString();
        if (await writer.ExecuteAsync(Update,
                ("$id", authorization.Id),
                ("$application", authorization.Application?.Id),
                ("$concurrency", next),
                ("$created", SqliteColumns.Format(authorization.CreationDate)),
                ("$properties", authorization.Properties),
                ("$scopes", authorization.Scopes),
                ("$status", authorization.Status),
                ("$subject", authorization.Subject),
                ("$type", authorization.Type),
                ("$expected", authorization.ConcurrencyToken)) == 0)
        {
            throw new ConcurrencyException("The authorization was changed or deleted since it was read.");
        }
        authorization.ConcurrencyToken = next;
    }
}

/// <summary>Columns as EF Core stores them in SQLite, for the stores' plain statements.</summary>
internal static class SqliteColumns
{
    /// <summary>EF Core's text format for dates in SQLite, so EF Core's own queries on these columns keep comparing right.</summary>
    private const string DateFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    public static string? Text(SqliteDataReader row, int column) => row.IsDBNull(column) ? null : row.GetString(column);

    public static DateTime? Date(SqliteDataReader row, int column) =>
        row.IsDBNull(column) ? null : DateTime.Parse(row.GetString(column), CultureInfo.InvariantCulture);

    public static string? Format(DateTime? date) => date?.ToString(DateFormat, CultureInfo.InvariantCulture);
}
