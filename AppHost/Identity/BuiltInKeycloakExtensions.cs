using TokenJourney.AppHost.Services;

namespace TokenJourney.AppHost.Identity;

/// <summary>The built-in provider, added the way Aspire's Keycloak integration adds Keycloak: a name, a port, a realm to import.</summary>
public static class BuiltInKeycloakExtensions
{
    public static IResourceBuilder<BuiltInKeycloakResource> AddBuiltInKeycloak(this IDistributedApplicationBuilder builder, string name, RunSettings run, int port) =>
        builder.AddDotNetService<Projects.Identity, BuiltInKeycloakResource>(name, run, port, (assembly, directory) => new(name, assembly, directory))
            .WithIconName("Person");

    /// <summary>Serves <paramref name="realm"/> (what Keycloak's <c>--import-realm</c> would import), with its issuer at this resource's address.</summary>
    public static IResourceBuilder<BuiltInKeycloakResource> WithRealmImport(this IResourceBuilder<BuiltInKeycloakResource> identity, RealmFile realm) =>
        identity
            .WithEnvironment("Realm__File", realm.Path)
            .WithEnvironment("Identity__Authority", Authority(identity, realm));

    public static ReferenceExpression Authority(IResourceBuilder<IResourceWithEndpoints> identity, RealmFile realm) =>
        ReferenceExpression.Create($"{identity.GetEndpoint(DotNetServiceExtensions.HttpEndpoint)}/realms/{realm.Name}");
}
