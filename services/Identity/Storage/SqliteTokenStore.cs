using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Abstractions.OpenIddictExceptions;

namespace TokenJourney.Identity.Storage;

/// <summary>
/// OpenIddict's token store with the statements of the token endpoint in plain SQLite instead of EF Core: find a token
/// by id or reference, create one, update one (redeeming a refresh token is an update guarded by its concurrency token,
/// so of two concurrent redemptions only one succeeds), delete one and revoke an authorization's tokens. Writes go
/// through <see cref="TokenWriter"/> (one connection, group commit). A refresh spent about a third of its CPU in EF Core's
/// query, change tracking and three SaveChanges, each its own transaction; the rest of OpenIddict's store (listing,
/// pruning, revoking by subject or application) is EF Core's as before, on the same table.
/// Entities read here are not tracked by the context: their application and authorization are placeholders that carry
/// only the id, which is all OpenIddict asks of them, and every write of a token goes through the overrides below.
/// </summary>
public sealed class SqliteTokenStore(IMemoryCache cache, IOpenIddictEntityFrameworkCoreContext context,
    IOptionsMonitor<OpenIddictEntityFrameworkCoreOptions> options, IdentityDbContext db, IdentityDatabase database, TokenWriter writer)
    : OpenIddictEntityFrameworkCoreTokenStore<OpenIddictEntityFrameworkCoreToken, OpenIddictEntityFrameworkCoreApplication,
        OpenIddictEntityFrameworkCoreAuthorization, string>(cache, context, options)
{
    private const string Columns = "Id, ApplicationId, AuthorizationId, ConcurrencyToken, CreationDate, ExpirationDate, Payload, Properties, " +
        "RedemptionDate, ReferenceId, Status, Subject, Type";

    private const string Insert = "INSERT INTO OpenIddictTokens (" + Columns + ") VALUES ($id, $application, $authorization, $concurrency, " +
        "$created, $expires, $payload, $properties, $redeemed, $reference, $status, $subject, $type)";

    private const string Update = "UPDATE OpenIddictTokens SET ApplicationId = $application, AuthorizationId = $authorization, " +
        "ConcurrencyToken = $concurrency, CreationDate = $created, ExpirationDate = $expires, Payload = $payload, Properties = $properties, " +
        "RedemptionDate = $redeemed, ReferenceId = $reference, Status = $status, Subject = $subject, Type = $type " +
        "WHERE Id = $id AND ConcurrencyToken IS $expected";

    public override async ValueTask CreateAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken)
    {
        // What EF Core generated for this string key.
        token.Id ??= Guid.NewGuid().ToString();
        token.ConcurrencyToken ??= Guid.NewGuid().ToString();
        await writer.ExecuteAsync(Insert, Values(token, token.ConcurrencyToken));
    }

    public override async ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken)
    {
        if (IsTracked(token))
        {
            await base.UpdateAsync(token, cancellationToken);
            return;
        }
        var next = Guid.NewGuid().ToString();
        if (await writer.ExecuteAsync(Update, [.. Values(token, next), ("$expected", token.ConcurrencyToken)]) == 0)
        {
            // Changed (e.g. redeemed by a concurrent request) or deleted since it was read.
            throw new ConcurrencyException("The token was changed or deleted since it was read.");
        }
        token.ConcurrencyToken = next;
    }

    public override async ValueTask DeleteAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken)
    {
        if (IsTracked(token))
        {
            await base.DeleteAsync(token, cancellationToken);
            return;
        }
        if (await writer.ExecuteAsync("DELETE FROM OpenIddictTokens WHERE Id = $id AND ConcurrencyToken IS $expected",
                ("$id", token.Id), ("$expected", token.ConcurrencyToken)) == 0)
        {
            throw new ConcurrencyException("The token was changed or deleted since it was read.");
        }
    }

    public override async ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken) =>
        await writer.ExecuteAsync("UPDATE OpenIddictTokens SET Status = $status WHERE AuthorizationId = $authorization",
            ("$status", Statuses.Revoked), ("$authorization", identifier));

    public override ValueTask<OpenIddictEntityFrameworkCoreToken?> FindByIdAsync(string identifier, CancellationToken cancellationToken) =>
        FindAsync("Id", identifier, cancellationToken);

    public override ValueTask<OpenIddictEntityFrameworkCoreToken?> FindByReferenceIdAsync(string identifier, CancellationToken cancellationToken) =>
        FindAsync("ReferenceId", identifier, cancellationToken);

    /// <summary>A placeholder with the id: the base store would load the application from the database to set it.</summary>
    public override ValueTask SetApplicationIdAsync(OpenIddictEntityFrameworkCoreToken token, string? identifier, CancellationToken cancellationToken)
    {
        if (IsTracked(token))
        {
            return base.SetApplicationIdAsync(token, identifier, cancellationToken);
        }
        token.Application = identifier is null ? null : new OpenIddictEntityFrameworkCoreApplication { Id = identifier };
        return ValueTask.CompletedTask;
    }

    /// <summary>A placeholder with the id: the base store would load the authorization from the database to set it.</summary>
    public override ValueTask SetAuthorizationIdAsync(OpenIddictEntityFrameworkCoreToken token, string? identifier, CancellationToken cancellationToken)
    {
        if (IsTracked(token))
        {
            return base.SetAuthorizationIdAsync(token, identifier, cancellationToken);
        }
        token.Authorization = identifier is null ? null : new OpenIddictEntityFrameworkCoreAuthorization { Id = identifier };
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A token that EF Core's own queries returned (listing, finding by subject) is written and linked by EF Core, which
    /// keeps its view of it consistent for later saves of the same context.
    /// </summary>
    private bool IsTracked(OpenIddictEntityFrameworkCoreToken token) => db.Entry(token).State != EntityState.Detached;

    // The column is one of the two names above, never input.
    private ValueTask<OpenIddictEntityFrameworkCoreToken?> FindAsync(string column, string value, CancellationToken cancellationToken) =>
        database.ReadSingleAsync("SELECT " + Columns + " FROM OpenIddictTokens WHERE " + column + " = $value", value, Read, cancellationToken);

    private static OpenIddictEntityFrameworkCoreToken Read(SqliteDataReader row) => new()
    {
        Id = row.GetString(0),
        Application = row.IsDBNull(1) ? null : new OpenIddictEntityFrameworkCoreApplication { Id = row.GetString(1) },
        Authorization = row.IsDBNull(2) ? null : new OpenIddictEntityFrameworkCoreAuthorization { Id = row.GetString(2) },
        ConcurrencyToken = SqliteColumns.Text(row, 3),
        CreationDate = SqliteColumns.Date(row, 4),
        ExpirationDate = SqliteColumns.Date(row, 5),
        Payload = SqliteColumns.Text(row, 6),
        Properties = SqliteColumns.Text(row, 7),
        RedemptionDate = SqliteColumns.Date(row, 8),
        ReferenceId = SqliteColumns.Text(row, 9),
        Status = SqliteColumns.Text(row, 10),
        Subject = SqliteColumns.Text(row, 11),
        Type = SqliteColumns.Text(row, 12),
    };

    private static (string, object?)[] Values(OpenIddictEntityFrameworkCoreToken token, string concurrency) =>
    [
        ("$id", token.Id),
        ("$application", token.Application?.Id),
        ("$authorization", token.Authorization?.Id),
        ("$concurrency", concurrency),
        ("$created", SqliteColumns.Format(token.CreationDate)),
        ("$expires", SqliteColumns.Format(token.ExpirationDate)),
        ("$payload", token.Payload),
        ("$properties", token.Properties),
        ("$redeemed", SqliteColumns.Format(token.RedemptionDate)),
        ("$reference", token.ReferenceId),
        ("$status", token.Status),
        ("$subject", token.Subject),
        ("$type", token.Type),
    ];
}
