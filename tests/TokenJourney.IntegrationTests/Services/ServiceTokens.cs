using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Services;

/// <summary>
/// Genuine tokens for calling Orders, Inventory and Shipping directly (not through the gateway): a customer's token
/// (journey-tests, audience gateway + orders) and tokens exchanged from it as Orders exchanges them, with the
/// credentials AppHost gives Orders.
/// </summary>
internal sealed class ServiceTokens(TokenJourneyFixture app)
{
    public Task<string> CustomerAsync(string user, string scope = "orders:read orders:write") => TokenAsync(
    [
        new("grant_type", "password"), new("client_id", "journey-tests"), new("client_secret", app.ClientSecret("journey-tests")),
        new("username", user), new("password", user), new("scope", scope),
    ]);

    /// <summary>An RFC 8693 exchange for one or more audiences with exactly <paramref name="scope"/>.</summary>
    public Task<string> ExchangeAsync(string subjectToken, string scope, params string[] audiences) => TokenAsync(
    [
        new("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"),
        new("client_id", app.Environment("orders", "Identity__ClientId")), new("client_secret", app.Environment("orders", "Identity__ClientSecret")),
        new("subject_token", subjectToken), new("subject_token_type", "urn:ietf:params:oauth:token-type:access_token"),
        new("scope", scope), .. audiences.Select(a => new KeyValuePair<string, string>("audience", a)),
    ]);

    /// <summary>Orders' own token (client credentials, with the credentials AppHost gives Orders), as Orders gets it to confirm reservations.</summary>
    public Task<string> OrdersServiceAsync(string scope) => TokenAsync(
    [
        new("grant_type", "client_credentials"),
        new("client_id", app.Environment("orders", "Identity__ClientId")), new("client_secret", app.Environment("orders", "Identity__ClientSecret")),
        new("scope", scope),
    ]);

    /// <summary>A request to a service with the token as bearer; the caller disposes the response.</summary>
    public async Task<HttpResponseMessage> SendAsync(string resource, HttpMethod method, string path, string token, object? body = null)
    {
        using var http = app.CreateHttpClient(resource);
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<string> TokenAsync(IEnumerable<KeyValuePair<string, string>> form)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync($"{app.Authority}/protocol/openid-connect/token", new FormUrlEncodedContent(form), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"token request: {(int)response.StatusCode} {(body.TryGetProperty("error_description", out var d) ? d.GetString() : "")}");
        return body.GetProperty("access_token").GetString()!;
    }
}
