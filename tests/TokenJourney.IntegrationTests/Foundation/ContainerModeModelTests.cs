using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using TokenJourney.IntegrationTests.Hosting;

// The model is read through the resource extensions Aspire 13.6 marks obsolete in favour of ExecutionConfigurationBuilder,
// which needs a running execution context; these tests deliberately read the model without starting anything.
#pragma warning disable CS0618

namespace TokenJourney.IntegrationTests.Foundation;

/// <summary>
/// AppHost:Infrastructure=containers (Aspire.Hosting.Redis and RabbitMQ, a Keycloak 26 container importing the realm)
/// needs a container engine, which these machines lack: its application model is checked here, never started.
/// </summary>
public sealed class ContainerModeModelTests
{
    [Fact]
    public async Task Container_mode_models_Redis_RabbitMQ_and_Keycloak_as_containers_and_points_every_service_at_them()
    {
        var builder = await Topologies.ModelAsync("AppHost:Infrastructure=containers", "AppHost:Ephemeral=true", "AppHost:FreePorts=true");
        var resources = builder.Resources.ToDictionary(r => r.Name);

        var cache = Assert.IsType<RedisResource>(resources["cache"]);
        Assert.Equal("redis", Image(cache).Image.Split('/')[^1]);
        Assert.Contains(cache.Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume);

        var messaging = Assert.IsType<RabbitMQServerResource>(resources["messaging"]);
        Assert.EndsWith("-management", Image(messaging).Tag);
        Assert.Contains(messaging.Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume);
        Assert.DoesNotContain("messaging-epmd", resources.Keys);

        var identity = Assert.IsType<ContainerResource>(resources["identity"]);
        Assert.Equal(("quay.io/keycloak/keycloak", "26.4"), (Image(identity).Image, Image(identity).Tag));
        Assert.Equal(["start-dev", "--import-realm"], await identity.GetArgumentValuesAsync());
        var realm = Assert.Single(identity.Annotations.OfType<ContainerMountAnnotation>());
        Assert.Equal((Path.Combine(MachineSetup.RepositoryRoot, "keycloak-realm"), "/opt/keycloak/data/import", true), (realm.Source, realm.Target, realm.IsReadOnly));
        var http = identity.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");
        // Host port 8080, as the built-in provider: tokens carry the same issuer either way.
        Assert.Equal((8080, 8080), (http.Port, http.TargetPort));
        Assert.Contains(identity.Annotations.OfType<HealthCheckAnnotation>(), _ => true);

        foreach (var service in new[] { "gateway", "orders", "inventory", "shipping", "storefront" })
        {
            var environment = await ((IResourceWithEnvironment)resources[service]).GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
            Assert.Equal("{identity.bindings.http.url}/realms/tokenjourney", environment["Identity__Authority"]);
        }
        var gateway = await ((IResourceWithEnvironment)resources["gateway"]).GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
        Assert.Equal("{cache.connectionString}", gateway["ConnectionStrings__cache"]);
        var orders = await ((IResourceWithEnvironment)resources["orders"]).GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
        Assert.Equal("{messaging.connectionString}", orders["ConnectionStrings__messaging"]);
    }

    [Fact]
    public async Task A_configured_external_Keycloak_replaces_the_built_in_provider_and_starts_nothing_for_it()
    {
        var builder = await Topologies.ModelAsync("AppHost:Ephemeral=true", "AppHost:FreePorts=true", "Identity:Authority=https://keycloak.example/realms/tokenjourney");

        Assert.DoesNotContain(builder.Resources, r => r.Name == "identity");
        var orders = await ((IResourceWithEnvironment)builder.Resources.Single(r => r.Name == "orders")).GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
        Assert.Equal("https://keycloak.example/realms/tokenjourney", orders["Identity__Authority"]);
    }

    private static ContainerImageAnnotation Image(IResource resource) => Assert.Single(resource.Annotations.OfType<ContainerImageAnnotation>());
}
