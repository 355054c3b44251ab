using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;
using TokenJourney.Identity.Realm;

namespace TokenJourney.Identity.Storage;

/// <summary>
/// Finds realm clients in <see cref="RealmApplicationCache"/> instead of SQLite on every request, and checks a client's
/// secret against the realm, the one source of truth that holds it anyway, as Keycloak compares a client secret with the
/// stored one. OpenIddict's own check derives a PBKDF2 hash (10,000 iterations) on every token,
/// introspection and revocation request: in the token endpoint's profile that cost about as much as signing the token.
/// </summary>
public sealed class RealmApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
    RealmModel realm,
    RealmApplicationCache applications)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    public override async ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByClientIdAsync(string identifier,
        CancellationToken cancellationToken = default)
    {
        if (applications.TryGet(identifier, out var cached))
        {
            return cached;
        }
        var application = await base.FindByClientIdAsync(identifier, cancellationToken);
        if (application is not null && realm.FindClient(identifier) is not null)
        {
            applications.Add(identifier, application);
        }
        return application;
    }

    public override async ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken = default)
    {
        await base.UpdateAsync(application, cancellationToken);
        applications.Remove(application.ClientId);
    }

    public override async ValueTask DeleteAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken = default)
    {
        await base.DeleteAsync(application, cancellationToken);
        applications.Remove(application.ClientId);
    }

    public override async ValueTask<bool> ValidateClientSecretAsync(OpenIddictEntityFrameworkCoreApplication application, string secret,
        CancellationToken cancellationToken = default)
    {
        if (realm.FindClient(await GetClientIdAsync(application, cancellationToken)) is not { } client)
        {
            return false;
        }
        // Hashes of equal length, so the comparison takes the same time whatever was presented.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(secret)), SHA256.HashData(Encoding.UTF8.GetBytes(client.Secret)));
    }
}
