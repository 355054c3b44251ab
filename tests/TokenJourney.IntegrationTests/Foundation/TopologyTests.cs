using System.Net;
using System.Text.Json;
using TokenJourney.AppHost.Hosting;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Foundation;

public sealed class TopologyTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private static readonly string[] Projects = ["identity", "gateway", "orders", "inventory", "shipping", "storefront"];

    [Fact]
    public async Task Every_resource_of_the_composed_system_is_running_and_healthy()
    {
        Assert.All(App.App.Resources, r => Assert.Equal(ResourceState.Running, r.State));
        Assert.Equal(
            ["cache", "gateway", "identity", "inventory", "messaging", "orders", "shipping", "storefront"],
            App.App.Resources.Select(r => r.Name).Order());

        foreach (var project in Projects)
        {
            using var client = App.CreateHttpClient(project);
            using var response = await client.GetAsync("/health", Cancellation);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{project} /health answered {(int)response.StatusCode}");
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
            Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Services_report_the_infrastructure_they_reference_in_their_health()
    {
        using var gateway = App.CreateHttpClient("gateway");
        using var orders = App.CreateHttpClient("orders");
        using var shipping = App.CreateHttpClient("shipping");

        Assert.Contains("cache", await HealthChecksAsync(gateway));
        Assert.Contains("messaging", await HealthChecksAsync(orders));
        Assert.Contains("messaging", await HealthChecksAsync(shipping));
    }

    [Fact]
    public void Every_project_gets_Aspire_environment_contract_and_its_own_port()
    {
        var ports = App.App.Resources.OfType<AppHost.Hosting.Resources.ProjectResource>().Select(p => p.Port).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        // Free ports in tests: never the documented defaults, which a developer's running AppHost may hold.
        Assert.DoesNotContain(8080, ports);
        Assert.StartsWith("amqp://", App.ConnectionString("messaging"));
        Assert.Matches(@"^127\.0\.0\.1:\d+$", App.ConnectionString("cache"));
        Assert.EndsWith("/realms/tokenjourney", App.Authority);
    }

    private async Task<IReadOnlyCollection<string>> HealthChecksAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health", Cancellation);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        return body.RootElement.GetProperty("checks").EnumerateObject().Select(p => p.Name).ToList();
    }
}
