using System.Net;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Foundation;

public sealed class TopologyTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private static readonly string[] Services = ["identity", "journey", "gateway", "orders", "inventory", "shipping", "storefront"];

    [Fact]
    public async Task Every_resource_of_the_composed_system_is_running_and_healthy_and_answers_health()
    {
        Assert.All(TokenJourneyFixture.Resources, r =>
        {
            Assert.Equal(KnownResourceStates.Running, App.State(r));
            Assert.Equal(HealthStatus.Healthy, App.Snapshot(r).HealthStatus);
        });

        foreach (var service in Services)
        {
            using var client = App.CreateHttpClient(service);
            using var response = await client.GetAsync("/health", Cancellation);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{service} /health answered {(int)response.StatusCode}");
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
    public void Every_service_gets_Aspire_environment_contract_and_a_port_of_its_own()
    {
        var ports = Services.Select(s => App.Endpoint(s).Port).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
        // Free ports in tests: never the documented ones, which a developer's running AppHost may hold.
        Assert.Empty(ports.Intersect([8080, 8000, 8001, 8002, 8003, 8100, 18890]));

        Assert.Matches(@"^127\.0\.0\.1:\d+$", App.ConnectionString("cache"));
        Assert.StartsWith("amqp://guest:guest@127.0.0.1:", App.ConnectionString("messaging"));
        Assert.Equal(App.ConnectionString("cache"), App.Environment("gateway", "ConnectionStrings__cache"));
        Assert.Equal(App.ConnectionString("messaging"), App.Environment("orders", "ConnectionStrings__messaging"));
        Assert.Equal(App.Endpoint("orders").ToString().TrimEnd('/'), App.Environment("gateway", "services__orders__http__0"));
        Assert.Equal(App.Endpoint("inventory").ToString().TrimEnd('/'), App.Environment("orders", "services__inventory__http__0"));
        Assert.All(Services.Where(s => s != "journey"), s =>
        {
            Assert.Equal(App.Authority, App.Environment(s, "Identity__Authority"));
            Assert.StartsWith("http://localhost:", App.Environment(s, "OTEL_EXPORTER_OTLP_ENDPOINT"));
            Assert.Equal(App.Endpoint("journey").ToString().TrimEnd('/'), App.Environment(s, "JourneyView__OtlpEndpoint"));
        });
        Assert.EndsWith("/realms/tokenjourney", App.Authority);
    }

    [Fact]
    public async Task The_broker_runs_with_only_the_Erlang_applications_it_uses_on_its_code_path()
    {
        // The launcher sets ERL_LIBS to <its home>/plugins; the broker's home is in its data folder.
        var environment = await File.ReadAllTextAsync($"/proc/{App.ProcessId("messaging")}/environ", Cancellation);
        var erlLibs = environment.Split('\0').Single(v => v.StartsWith("ERL_LIBS=", StringComparison.Ordinal))["ERL_LIBS=".Length..];
        Assert.Equal(Path.Combine(App.DataDirectory("messaging"), "server", "plugins"), erlLibs);

        var applications = Directory.EnumerateFileSystemEntries(erlLibs).Select(Path.GetFileName).ToList();
        Assert.Contains(applications, a => a!.StartsWith("rabbit-", StringComparison.Ordinal));
        Assert.Contains(applications, a => a!.StartsWith("rabbitmq_management-", StringComparison.Ordinal));
        Assert.DoesNotContain(applications, a => a!.StartsWith("rabbitmq_mqtt-", StringComparison.Ordinal));
        Assert.InRange(applications.Count, 10, 40);
    }

    private async Task<IReadOnlyCollection<string>> HealthChecksAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health", Cancellation);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation));
        return body.RootElement.GetProperty("checks").EnumerateObject().Select(p => p.Name).ToList();
    }
}
