using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using TokenJourney.Identity.Realm;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TokenJourney.Identity.Storage;

/// <summary>
/// Before the provider answers anything: creates the store if needed and makes OpenIddict's applications mirror the
/// realm's clients exactly (created, updated, or removed), so the realm file stays the one source of truth.
/// </summary>
public sealed class RealmClientRegistration(IServiceScopeFactory scopes, RealmModel realm, ILogger<RealmClientRegistration> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await db.Database.EnsureCreatedAsync(cancellationToken);
        // WAL lets token reads (introspection, exchange) proceed while a token is being written.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        foreach (var client in realm.Clients.Values)
        {
            var descriptor = Describe(client);
            if (await applications.FindByClientIdAsync(client.ClientId, cancellationToken) is { } existing)
            {
                await applications.UpdateAsync(existing, descriptor, cancellationToken);
            }
            else
            {
                await applications.CreateAsync(descriptor, cancellationToken);
            }
        }

        var stale = new List<object>();
        await foreach (var application in applications.ListAsync(cancellationToken: cancellationToken))
        {
            if (realm.FindClient(await applications.GetClientIdAsync(application, cancellationToken)) is null)
            {
                stale.Add(application);
            }
        }
        foreach (var application in stale)
        {
            await applications.DeleteAsync(application, cancellationToken);
        }
        logger.LogInformation("Serving realm {Realm}: {Clients} clients, {Users} users", realm.Name, realm.Clients.Count, realm.UsersByName.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal static OpenIddictApplicationDescriptor Describe(RealmClient client)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            ClientSecret = client.Secret,
            ClientType = ClientTypes.Confidential,
            ConsentType = ConsentTypes.Implicit,
            DisplayName = client.DisplayName ?? client.ClientId,
        };
        descriptor.RedirectUris.UnionWith(client.RedirectUris);
        descriptor.PostLogoutRedirectUris.UnionWith(client.PostLogoutRedirectUris);

        // Every confidential client may introspect and revoke, as in Keycloak.
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Introspection, Permissions.Endpoints.Revocation]);
        if (!client.IsResourceServerOnly)
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Token);
        }
        if (client.StandardFlowEnabled)
        {
            descriptor.Permissions.UnionWith([
                Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code]);
        }
        if (client.DirectAccessGrantsEnabled)
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.Password);
        }
        if (client.ServiceAccountsEnabled)
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }
        if (client.UseRefreshTokens && (client.StandardFlowEnabled || client.DirectAccessGrantsEnabled))
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.RefreshToken);
        }
        if (client.TokenExchangeEnabled)
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.TokenExchange);
        }
        if (client.RequirePkce)
        {
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        }
        return descriptor;
    }
}
