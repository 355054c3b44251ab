using TokenJourney.AppHost.Hosting.Resources;

namespace TokenJourney.AppHost.Hosting;

/// <summary>The verbs of a topology: references (what a resource is told) and waits (what it starts after).</summary>
public static class ResourceExtensions
{
    /// <summary>Gives the project <c>ConnectionStrings__{name}</c>, as Aspire does.</summary>
    public static T WithReference<T>(this T project, IResourceWithConnectionString resource) where T : ProjectResource
    {
        project.SetEnvironment($"ConnectionStrings__{resource.Name}", () => resource.ConnectionString);
        return project;
    }

    /// <summary>Gives the project <c>services__{name}__http__0</c>, read by Microsoft.Extensions.ServiceDiscovery.</summary>
    public static T WithReference<T>(this T project, ProjectResource service) where T : ProjectResource
    {
        project.SetEnvironment($"services__{service.Name}__http__0", () => service.HttpUrl.ToString().TrimEnd('/'));
        return project;
    }

    /// <summary>Tells the project which authority issues the tokens it must trust (<c>Identity__Authority</c>).</summary>
    public static T WithReference<T>(this T project, IdentityProviderResource identity) where T : ProjectResource
    {
        project.SetEnvironment("Identity__Authority", () => identity.Authority);
        if (!identity.IsExternal)
        {
            project.SetEnvironment($"services__{identity.Name}__http__0", () => identity.HttpUrl.ToString().TrimEnd('/'));
        }
        return project;
    }

    /// <summary>Gives a confidential client its id and secret from the realm file (<c>Identity__ClientId</c>, <c>Identity__ClientSecret</c>).</summary>
    public static T WithClientCredentials<T>(this T project, IdentityProviderResource identity, string clientId) where T : ProjectResource
    {
        project.SetEnvironment("Identity__ClientId", () => clientId);
        project.SetEnvironment("Identity__ClientSecret", () => identity.ClientSecret(clientId));
        return project;
    }

    /// <summary>
    /// Tells the built-in provider where a client really runs, so its relative redirect and back-channel
    /// URLs resolve on whatever port the client got (Keycloak calls this the client's root URL).
    /// </summary>
    public static IdentityProviderResource WithClientRootUrl(this IdentityProviderResource identity, string clientId, ProjectResource client)
    {
        identity.SetEnvironment($"Realm__RootUrls__{clientId}", () => client.HttpUrl.ToString().TrimEnd('/'));
        return identity;
    }

    public static T WithEnvironment<T>(this T project, string key, Func<string> value) where T : ProjectResource
    {
        project.SetEnvironment(key, value);
        return project;
    }

    /// <summary>Starts <paramref name="resource"/> only once <paramref name="dependency"/> is ready.</summary>
    public static T WaitFor<T>(this T resource, Resource dependency) where T : Resource
    {
        resource.AddWaitFor(dependency);
        return resource;
    }

    /// <summary>Enables the RabbitMQ management UI on its own loopback port; it becomes the resource's URL.</summary>
    public static RabbitMqResource WithManagementPlugin(this RabbitMqResource broker)
    {
        broker.ManagementPlugin = true;
        return broker;
    }
}
