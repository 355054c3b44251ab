using TokenJourney.AppHost.Services;

namespace TokenJourney.AppHost.Identity;

public static class IdentityProviderResourceExtensions
{
    /// <summary>
    /// The identity provider for this run: an external Keycloak when <c>Identity:Authority</c> names one (nothing is
    /// started), a Keycloak container in container mode, else the built-in provider serving the same realm file.
    /// </summary>
    public static IdentityProvider AddIdentityProvider(this IDistributedApplicationBuilder builder, string name, RunSettings run, int port, string realmFile)
    {
        var realm = RealmFile.Read(Path.Combine(run.RepositoryRoot, realmFile));
        if (builder.Configuration["Identity:Authority"] is { Length: > 0 } external)
        {
            return new IdentityProvider(null, ReferenceExpression.Create($"{external.TrimEnd('/')}"), realm);
        }
        if (run.Infrastructure == InfrastructureMode.Containers)
        {
            var keycloak = builder.AddKeycloakContainer(name, port).WithRealmImport(realm);
            return new IdentityProvider(keycloak, BuiltInKeycloakExtensions.Authority(keycloak, realm), realm);
        }
        var builtIn = builder.AddBuiltInKeycloak(name, run, port).WithRealmImport(realm);
        return new IdentityProvider(builtIn, BuiltInKeycloakExtensions.Authority(builtIn, realm), realm);
    }

    /// <summary>Tells a service which authority issues the tokens it trusts (<c>Identity__Authority</c>) and how to reach it.</summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> service, IdentityProvider identity)
        where T : IResourceWithEnvironment
    {
        service.WithEnvironment("Identity__Authority", identity.Authority);
        if (identity.Resource is { } resource)
        {
            service.WithReference(resource.GetEndpoint(DotNetServiceExtensions.HttpEndpoint));
        }
        return service;
    }

    /// <summary>Starts the service once the provider answers its health check (no wait for an external provider).</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> service, IdentityProvider identity)
        where T : IResourceWithWaitSupport =>
        identity.Resource is { } resource ? service.WaitFor(resource) : service;

    /// <summary>A confidential client's id and secret from the realm file (<c>Identity__ClientId</c>, <c>Identity__ClientSecret</c>).</summary>
    public static IResourceBuilder<T> WithClientCredentials<T>(this IResourceBuilder<T> service, IdentityProvider identity, string clientId)
        where T : IResourceWithEnvironment =>
        service
            .WithEnvironment("Identity__ClientId", clientId)
            .WithEnvironment("Identity__ClientSecret", identity.Realm.ClientSecret(clientId));

    /// <summary>The built-in provider's traces (sign-ins, exchanges) go to the journey view too; Keycloak's do not.</summary>
    public static IdentityProvider WithJourneyExport(this IdentityProvider identity, IResourceBuilder<DotNetServiceResource> journey)
    {
        if (identity.Resource is IResourceBuilder<BuiltInKeycloakResource> builtIn)
        {
            builtIn.WithJourneyExport(journey);
        }
        return identity;
    }

    /// <summary>
    /// Tells the built-in provider where a client really runs, so its relative redirect and back-channel URLs resolve
    /// on whatever port the client got (Keycloak's "root URL" of a client). Keycloak reads it from the realm file.
    /// </summary>
    public static IdentityProvider WithClientRootUrl(this IdentityProvider identity, string clientId, IResourceBuilder<IResourceWithEndpoints> client)
    {
        if (identity.Resource is IResourceBuilder<BuiltInKeycloakResource> builtIn)
        {
            builtIn.WithEnvironment($"Realm__RootUrls__{clientId}", client.GetEndpoint(DotNetServiceExtensions.HttpEndpoint));
        }
        return identity;
    }
}
