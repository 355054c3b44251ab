using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace TokenJourney.Benchmarks;

/// <summary>
/// AppHost's own Program, run through Aspire's test host on free ports in a throw-away folder, for the benchmarks that
/// measure the composed system (benchmarks/ordering, benchmarks/strategies; each compiles this file): addresses,
/// resource commands and process ids of the running system, and tokens obtained the way its clients obtain them.
/// </summary>
public sealed class RunningSystem(DistributedApplication app) : IAsyncDisposable
{
    private static readonly string[] Resources =
        ["cache", "messaging", "messaging-epmd", "identity", "journey", "inventory", "shipping", "orders", "gateway", "storefront"];

    /// <param name="configure">Changes to AppHost's model before it starts (a service's settings, log filters).</param>
    public static async Task<RunningSystem> StartAsync(Action<IDistributedApplicationTestingBuilder>? configure = null)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["AppHost:FreePorts=true", "AppHost:Ephemeral=true"]);
        configure?.Invoke(builder);
        var app = await builder.BuildAsync();
        await app.StartAsync();
        await Task.WhenAll(Resources.Select(r => app.ResourceNotifications.WaitForResourceHealthyAsync(r)));
        return new RunningSystem(app);
    }

    public Uri Endpoint(string resource) => app.GetEndpoint(resource, "http");

    public Uri Amqp => new(app.GetConnectionStringAsync("messaging").AsTask().GetAwaiter().GetResult()!);

    private string TokenEndpoint => $"{Endpoint("identity").ToString().TrimEnd('/')}/realms/tokenjourney/protocol/openid-connect/token";

    public async Task StopResourceAsync(string resource)
    {
        await ExecuteAsync(resource, KnownResourceCommands.StopCommand);
        await app.ResourceNotifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text is { } s && KnownResourceStates.TerminalStates.Contains(s));
    }

    public async Task StartResourceAsync(string resource)
    {
        await ExecuteAsync(resource, KnownResourceCommands.StartCommand);
        await app.ResourceNotifications.WaitForResourceHealthyAsync(resource);
    }

    /// <summary>The process the orchestrator runs for <paramref name="resource"/> now.</summary>
    public async Task<int> ProcessIdAsync(string resource)
    {
        var running = await app.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.Properties.Any(p => p.Name == "executable.pid"));
        return Convert.ToInt32(running.Snapshot.Properties.First(p => p.Name == "executable.pid").Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task ExecuteAsync(string resource, string command)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var result = await app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(model.Resources.Single(r => r.Name == resource), command);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} on {resource} failed: {result.Message}");
        }
    }

    /// <summary>The spans the journey view holds for one trace.</summary>
    public async Task<List<JsonElement>> TraceAsync(string traceId)
    {
        using var journey = new HttpClient { BaseAddress = Endpoint("journey") };
        return await journey.GetFromJsonAsync<List<JsonElement>>($"/api/traces/{traceId}") ?? [];
    }

    /// <summary>A JWT for alice from the test client (password grant; it lives 15 s): it embeds Orders' token, which embeds Inventory's.</summary>
    public Task<(string Token, string Subject)> CustomerTokenAsync() => TokenAsync(new()
    {
        ["grant_type"] = "password", ["client_id"] = "journey-tests", ["client_secret"] = "journey-tests-secret",
        ["username"] = "alice", ["password"] = "alice", ["scope"] = "orders:read orders:write",
    });

    /// <summary>
    /// A token Shipping accepts for a message (aud shipping, scope shipping:create) that outlives the run: the orders
    /// client's own service-account token, so messages name that service account as their customer.
    /// </summary>
    public Task<(string Token, string Subject)> ShippingTokenAsync() => TokenAsync(new()
    {
        ["grant_type"] = "client_credentials", ["client_id"] = "orders", ["client_secret"] = "orders-secret", ["scope"] = "shipping:create",
    });

    /// <summary>The exchange a service makes (the gateway for orders, Orders for inventory and shipping), with its own client.</summary>
    public async Task<string> ExchangeAsync(string client, string subjectToken, string audience, string? scope = null)
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
        return (await TokenAsync(form)).Token;
    }

    private async Task<(string Token, string Subject)> TokenAsync(Dictionary<string, string> form)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(TokenEndpoint, new FormUrlEncodedContent(form));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Token request answered {(int)response.StatusCode}: {body.GetProperty("error")}");
        }
        var token = body.GetProperty("access_token").GetString()!;
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        using var claims = JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=')));
        return (token, claims.RootElement.GetProperty("sub").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
