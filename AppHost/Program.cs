using TokenJourney.AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);
Program.Compose(builder);
await using var app = builder.Build();
return await app.RunAsync();

public partial class Program
{
    /// <summary>
    /// The topology, read top to bottom like an Aspire AppHost: named resources, what each is told about the
    /// others (references) and what each starts after (waits). The integration tests' host composes the very
    /// same topology through this method, on free ports and in a throw-away run folder.
    /// </summary>
    public static void Compose(DistributedApplicationBuilder builder)
    {
        var cache = builder.AddRedis("cache");
        var messaging = builder.AddRabbitMQ("messaging").WithManagementPlugin();

        // The built-in OpenIddict provider serving the Keycloak realm, unless Identity:Authority names a real Keycloak.
        var identity = builder.AddIdentityProvider("identity", "services/Identity", 8080, "keycloak-realm/tokenjourney-realm.json");

        var inventory = builder.AddProject("inventory", "services/Inventory", 8002)
            .WithReference(identity)
            .WaitFor(identity);

        var shipping = builder.AddProject("shipping", "services/Shipping", 8003)
            .WithReference(identity)
            .WithReference(messaging)
            .WaitFor(identity)
            .WaitFor(messaging);

        var orders = builder.AddProject("orders", "services/Orders", 8001)
            .WithReference(identity)
            .WithClientCredentials(identity, "orders")
            .WithReference(messaging)
            .WithReference(inventory)
            .WaitFor(identity)
            .WaitFor(messaging);

        var gateway = builder.AddProject("gateway", "services/Gateway", 8000)
            .WithReference(identity)
            .WithClientCredentials(identity, "gateway")
            .WithReference(cache)
            .WithReference(orders)
            .WaitFor(identity)
            .WaitFor(cache);

        var storefront = builder.AddProject("storefront", "services/Storefront", 8100)
            .WithReference(identity)
            .WithClientCredentials(identity, "storefront")
            .WithReference(gateway)
            .WithEnvironment("Dashboard__Url", () => builder.DashboardUrl)
            .WaitFor(identity)
            .WaitFor(gateway);

        // Orders signs its callbacks to the Storefront with a per-run Standard Webhooks secret given to both, and
        // accepts only the Storefront's own callback endpoint for it.
        var webhookSecret = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        orders
            .WithEnvironment("Webhooks__Clients__storefront__Secret", () => webhookSecret)
            .WithEnvironment("Webhooks__Clients__storefront__AllowedCallbackUrls__0", () => new Uri(storefront.HttpUrl, "/webhooks/orders").ToString());
        storefront.WithEnvironment("Webhooks__Secret", () => webhookSecret);

        identity
            .WithClientRootUrl("storefront", storefront)
            .WithClientRootUrl("gateway", gateway);

        _ = shipping;
    }
}
