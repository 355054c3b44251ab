namespace TokenJourney.AppHost.Identity;

/// <summary>
/// Keycloak 26 in a container, importing the realm at start (<c>start-dev --import-realm</c>): what this sample is
/// shaped for where a container engine exists. Port 8080 on the host, so the issuer is the one the built-in provider
/// uses. Not run on machines without a container engine; its application model is tested.
/// </summary>
public static class KeycloakContainerExtensions
{
    public const string Image = "quay.io/keycloak/keycloak";
    public const string Tag = "26.4";
    public const string ImportDirectory = "/opt/keycloak/data/import";

    public static IResourceBuilder<ContainerResource> AddKeycloakContainer(this IDistributedApplicationBuilder builder, string name, int port)
    {
        var adminPassword = builder.AddParameter($"{name}-admin-password", new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true);
        return builder.AddContainer(name, Image, Tag)
            .WithArgs("start-dev", "--import-realm")
            .WithHttpEndpoint(port: port, targetPort: 8080, name: "http")
            .WithHttpEndpoint(targetPort: 9000, name: "management")
            .WithEnvironment("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
            .WithEnvironment("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword)
            .WithEnvironment("KC_HEALTH_ENABLED", "true")
            .WithHttpHealthCheck("/health/ready", endpointName: "management");
    }

    /// <summary>Mounts the realm file's folder where Keycloak imports realms from, read-only.</summary>
    public static IResourceBuilder<ContainerResource> WithRealmImport(this IResourceBuilder<ContainerResource> keycloak, RealmFile realm) =>
        keycloak.WithBindMount(Path.GetDirectoryName(realm.Path)!, ImportDirectory, isReadOnly: true);
}
