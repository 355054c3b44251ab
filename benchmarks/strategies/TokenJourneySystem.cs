using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TokenJourney.Benchmarks.Strategies;

/// <summary>
/// AppHost's own Program through Aspire's test host on free ports, in a throw-away folder, with Orders on the given
/// Inventory token strategy (the storefront stays: Orders' webhook settings name its endpoint). Tokens are asked for as the system's clients ask.
/// </summary>
public sealed class TokenJourneySystem(DistributedApplication app) : IAsyncDisposable
{
    private static readonly string[] Resources =
        ["cache", "messaging", "messaging-epmd", "identity", "journey", "inventory", "shipping", "orders", "gateway", "storefront"];

    public static async Task<TokenJourneySystem> StartAsync(string inventoryTokenStrategy)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["AppHost:FreePorts=true", "AppHost:Ephemeral=true"]);
        // The table is the output: the resources' own log lines stay in their processes.
        builder.Services.AddLogging(logging => logging.AddFilter("AppHost.Resources", LogLevel.None).AddFilter("Aspire.Hosting", LogLevel.Warning)
            .AddFilter("TokenJourney.AppHost", LogLevel.Warning).AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        builder.CreateResourceBuilder<IResourceWithEnvironment>("orders").WithEnvironment("Orders__InventoryTokenStrategy", inventoryTokenStrategy);
        var app = await builder.BuildAsync();
        await app.StartAsync();
        await Task.WhenAll(Resources.Select(r => app.ResourceNotifications.WaitForResourceHealthyAsync(r)));
        return new TokenJourneySystem(app);
    }

    public Uri Endpoint(string resource) => app.GetEndpoint(resource, "http");

    private string TokenEndpoint => $"{Endpoint("identity").ToString().TrimEnd('/')}/realms/tokenjourney/protocol/openid-connect/token";

    /// <summary>A JWT for alice from the test client (password grant, 15 s): it embeds Orders' token, which embeds Inventory's.</summary>
    public Task<string> CustomerTokenAsync() => TokenAsync(new()
    {
        ["grant_type"] = "password", ["client_id"] = "journey-tests", ["client_secret"] = "journey-tests-secret",
        ["username"] = "alice", ["password"] = "alice", ["scope"] = "orders:read orders:write",
    });

    /// <summary>The exchange a service makes (the gateway for orders, Orders for inventory and shipping), with its own client.</summary>
    public Task<string> ExchangeAsync(string client, string subjectToken, string audience, string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange", ["client_id"] = client, ["client_secret"] = $"{client}-secret",
            ["subject_token"] = subjectToken, ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token", ["audience"] = audience,
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }
        return TokenAsync(form);
    }

    /// <summary>The spans the journey view holds for one trace.</summary>
    public async Task<List<JsonElement>> TraceAsync(string traceId)
    {
        using var journey = new HttpClient { BaseAddress = Endpoint("journey") };
        return await journey.GetFromJsonAsync<List<JsonElement>>($"/api/traces/{traceId}") ?? [];
    }

    private async Task<string> TokenAsync(Dictionary<string, string> form)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(TokenEndpoint, new FormUrlEncodedContent(form));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Token request answered {(int)response.StatusCode}: {body.GetProperty("error")}");
        }
        return body.GetProperty("access_token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
