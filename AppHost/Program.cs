using TokenJourney.AppHost;
using TokenJourney.AppHost.Identity;
using TokenJourney.AppHost.Infrastructure;
using TokenJourney.AppHost.Lifecycle;
using TokenJourney.AppHost.Services;

var builder = DistributedApplication.CreateBuilder(RunSettings.TranslateFlags(args));
var run = RunSettings.From(builder);

// Infrastructure: local redis-server and rabbitmq-server processes by default; Aspire's container integrations and a
// Keycloak container with AppHost:Infrastructure=containers. A configured ConnectionStrings:<name> replaces either.
var cache = builder.AddCache("cache", run);
var messaging = builder.AddMessaging("messaging", run);
var identity = builder.AddIdentityProvider("identity", run, port: 8080, realmFile: "keycloak-realm/tokenjourney-realm.json");

// What the Aspire dashboard cannot show: the token journey per trace and a local token inspector.
var journey = builder.AddDotNetService<Projects.JourneyView>("journey", run, port: 18890)
    .WithUrlForEndpoint("http", url => url.DisplayText = "Token journeys and inspector")
    .WithDashboardLink()
    .WithReference(identity).WaitFor(identity);

identity.WithJourneyExport(journey);

var inventory = builder.AddDotNetService<Projects.Inventory>("inventory", run, port: 8002)
    .WithJourneyExport(journey)
    .WithReference(identity).WaitFor(identity);

// Orders and Shipping start beside the broker, not after it: each starts its bus once the broker answers
// (BusStartsWhenTheBrokerAnswers in Contracts/Messaging), and reads unhealthy until then.
var shipping = builder.AddDotNetService<Projects.Shipping>("shipping", run, port: 8003)
    .WithJourneyExport(journey)
    .WithReference(identity).WaitFor(identity)
    .WithReference(messaging).WaitForStart(messaging);

var orders = builder.AddDotNetService<Projects.Orders>("orders", run, port: 8001)
    .WithJourneyExport(journey)
    .WithReference(identity).WaitFor(identity)
    .WithClientCredentials(identity, "orders")
    .WithReference(messaging).WaitForStart(messaging)
    .WithReference(inventory);

var gateway = builder.AddDotNetService<Projects.Gateway>("gateway", run, port: 8000)
    .WithJourneyExport(journey)
    .WithReference(identity).WaitFor(identity)
    .WithClientCredentials(identity, "gateway")
    .WithReference(cache).WaitFor(cache)
    .WithReference(orders);

var storefront = builder.AddDotNetService<Projects.Storefront>("storefront", run, port: 8100)
    .WithJourneyExport(journey)
    .WithReference(identity).WaitFor(identity)
    .WithClientCredentials(identity, "storefront")
    // It calls the gateway only when a user acts, so it starts beside it ("All resources are healthy" waits for both).
    .WithReference(gateway).WaitForStart(gateway)
    .WithDashboardLink()
    .WithEnvironment("JourneyView__Url", journey.GetEndpoint("http"));

// Orders signs its callbacks to the storefront with a Standard Webhooks secret made for this run, and accepts only the
// storefront's own callback endpoint for it.
var webhookSecret = builder.AddParameter("webhook-secret", WebhookSecret.Generate, secret: true);
orders
    .WithEnvironment("Webhooks__Clients__storefront__Secret", webhookSecret)
    .WithEnvironment("Webhooks__Clients__storefront__AllowedCallbackUrls__0",
        ReferenceExpression.Create($"{storefront.GetEndpoint("http")}/webhooks/orders"));
storefront.WithEnvironment("Webhooks__Secret", webhookSecret);

// The built-in provider resolves the clients' relative redirect and back-channel URLs against where they really run.
identity
    .WithClientRootUrl("storefront", storefront)
    .WithClientRootUrl("gateway", gateway);

// Aspire does not restart a process that exits; Orders' outbox watchdog relies on a restart (exit code 75).
builder.Services.AddHostedService<RestartOnFailure>();
builder.Services.AddHostedService<StartupReport>();

builder.Build().Run();
