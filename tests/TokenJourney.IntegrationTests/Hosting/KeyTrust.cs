using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenJourney.IntegrationTests.Hosting;

/// <summary>
/// After a test rotates the signing key more than once, services whose JWKS cache predates the rotations meet an
/// unknown kid and refetch (throttled); the first request that meets it fails. Tests that rotate leave the system as
/// they found it: this waits until the gateway, Orders and Inventory each accept a token signed with the active key.
/// </summary>
public static class KeyTrust
{
    public static async Task WaitUntilEveryServiceTrustsTheActiveKeyAsync(this TokenJourneyFixture app, CancellationToken cancellation)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        var targets = new (string Resource, string Path, Func<Task<string>> Token)[]
        {
            ("gateway", "/api/orders", () => CustomerTokenAsync(app, cancellation)),
            ("orders", "/orders", () => CustomerTokenAsync(app, cancellation)),
            ("inventory", "/stock", async () => await InventoryTokenAsync(app, await CustomerTokenAsync(app, cancellation), cancellation)),
        };
        foreach (var (resource, path, token) in targets)
        {
            using var http = app.CreateHttpClient(resource);
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await token());
                using var response = await http.SendAsync(request, cancellation);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
                if (DateTimeOffset.UtcNow > deadline)
                {
                    throw new TimeoutException($"{resource} still answers {(int)response.StatusCode} to a token signed with the active key ({response.Headers.WwwAuthenticate}).");
                }
                await Task.Delay(500, cancellation);
            }
        }
    }

    private static Task<string> CustomerTokenAsync(TokenJourneyFixture app, CancellationToken cancellation) => TokenAsync(app, new()
    {
        ["grant_type"] = "password", ["client_id"] = "journey-tests", ["client_secret"] = "journey-tests-secret",
        ["username"] = "alice", ["password"] = "alice", ["scope"] = "orders:read orders:write",
    }, cancellation);

    private static Task<string> InventoryTokenAsync(TokenJourneyFixture app, string subjectToken, CancellationToken cancellation) => TokenAsync(app, new()
    {
        ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange", ["client_id"] = "orders", ["client_secret"] = "orders-secret",
        ["subject_token"] = subjectToken, ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token", ["audience"] = "inventory",
    }, cancellation);

    private static async Task<string> TokenAsync(TokenJourneyFixture app, Dictionary<string, string> form, CancellationToken cancellation)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync($"{app.Authority}/protocol/openid-connect/token", new FormUrlEncodedContent(form), cancellation);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellation)).GetProperty("access_token").GetString()!;
    }
}
