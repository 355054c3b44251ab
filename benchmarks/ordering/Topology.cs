using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.AppHost.Hosting;
using TokenJourney.AppHost.Hosting.Resources;

namespace TokenJourney.Benchmarks.Ordering;

/// <summary>Addresses and tokens of the running topology, obtained the way its clients obtain them.</summary>
public sealed class Topology(DistributedApplication app)
{
    public DistributedApplication App => app;

    public Uri Endpoint(string resource) => ((ProjectResource)app.GetResource(resource)).HttpUrl;

    public Uri Amqp => new(((IResourceWithConnectionString)app.GetResource("messaging")).ConnectionString);

    private string TokenEndpoint => $"{((IdentityProviderResource)app.GetResource("identity")).Authority}/protocol/openid-connect/token";

    /// <summary>A JWT for alice from the test client (password grant; it lives 15 s).</summary>
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

    private async Task<(string Token, string Subject)> TokenAsync(Dictionary<string, string> form)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(TokenEndpoint, new FormUrlEncodedContent(form));
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var json = JsonDocument.Parse(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=')));
        return (token, json.RootElement.GetProperty("sub").GetString()!);
    }
}
