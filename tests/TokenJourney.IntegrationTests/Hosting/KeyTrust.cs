using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenJourney.IntegrationTests.Hosting;

/// <summary>
/// After a signing-key rotation every service must accept a token signed with the active key on the first request it
/// gets: the JWKS publishes the next key ahead of use for exactly that. Tests that rotate end with this check, so a
/// service left distrusting the active key fails the test that caused it instead of a later, unrelated one.
/// </summary>
public static class KeyTrust
{
    /// <summary>
    /// One request per service (the gateway, Orders, Inventory, Shipping), each with a token for its own audience signed
    /// with the active key; no retry, so a refused first request is a failure. Every refusal is reported with its reason.
    /// </summary>
    public static async Task AssertEveryServiceTrustsTheActiveKeyAsync(this TokenJourneyFixture app, CancellationToken cancellation)
    {
        var customer = await CustomerTokenAsync(app, cancellation);
        var targets = new (string Resource, string Path, string Token, HttpStatusCode Expected)[]
        {
            ("gateway", "/api/orders", customer, HttpStatusCode.OK),
            ("orders", "/orders", customer, HttpStatusCode.OK),
            ("inventory", "/stock", await ExchangedTokenAsync(app, customer, "inventory", "inventory:reserve", cancellation), HttpStatusCode.OK),
            // No shipment for a random order: 404 once the token is accepted, 401 if Shipping cannot verify it.
            ("shipping", $"/shipments/{Guid.NewGuid()}", await ExchangedTokenAsync(app, customer, "shipping", "shipping:create", cancellation), HttpStatusCode.NotFound),
        };
        var refusals = new List<string>();
        foreach (var (resource, path, token, expected) in targets)
        {
            using var http = app.CreateHttpClient(resource);
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, cancellation);
            if (response.StatusCode != expected)
            {
                refusals.Add($"{resource} answered {(int)response.StatusCode} ({response.Headers.WwwAuthenticate})");
            }
        }
        Assert.True(refusals.Count == 0,
            $"The first request with a token signed with the active key ({Kid(customer)}) was refused: {string.Join("; ", refusals)}");
    }

    /// <summary>The key id in a JWT's header.</summary>
    public static string Kid(string jwt)
    {
        var header = jwt.Split('.')[0].Replace('-', '+').Replace('_', '/');
        header = header.PadRight(header.Length + (4 - header.Length % 4) % 4, '=');
        return JsonDocument.Parse(Convert.FromBase64String(header)).RootElement.GetProperty("kid").GetString()!;
    }

    private static Task<string> CustomerTokenAsync(TokenJourneyFixture app, CancellationToken cancellation) => TokenAsync(app, new()
    {
        ["grant_type"] = "password", ["client_id"] = "journey-tests", ["client_secret"] = app.ClientSecret("journey-tests"),
        ["username"] = "alice", ["password"] = "alice", ["scope"] = "orders:read orders:write",
    }, cancellation);

    /// <summary>A token for another service, exchanged as Orders exchanges one (with the credentials AppHost gives Orders).</summary>
    private static Task<string> ExchangedTokenAsync(TokenJourneyFixture app, string subjectToken, string audience, string scope, CancellationToken cancellation) => TokenAsync(app, new()
    {
        ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
        ["client_id"] = app.Environment("orders", "Identity__ClientId"), ["client_secret"] = app.Environment("orders", "Identity__ClientSecret"),
        ["subject_token"] = subjectToken, ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
        ["audience"] = audience, ["scope"] = scope,
    }, cancellation);

    private static async Task<string> TokenAsync(TokenJourneyFixture app, Dictionary<string, string> form, CancellationToken cancellation)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync($"{app.Authority}/protocol/openid-connect/token", new FormUrlEncodedContent(form), cancellation);
        Assert.True(response.IsSuccessStatusCode, $"token request ({form["grant_type"]}): {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellation)}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellation)).GetProperty("access_token").GetString()!;
    }
}
