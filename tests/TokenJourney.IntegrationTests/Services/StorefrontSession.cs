using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using TokenJourney.IntegrationTests.Gateway;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Services;

/// <summary>
/// A user of the storefront (the client app) over plain HTTP with a cookie jar, as its page's script uses it: signed
/// in through /login and the provider's login form; the storefront keeps the tokens on its side.
/// </summary>
internal sealed class StorefrontSession : IDisposable
{
    private readonly HttpClient _http;

    private StorefrontSession(HttpClient http) => _http = http;

    public static async Task<StorefrontSession> SignInAsync(TokenJourneyFixture app, string user, CancellationToken cancellation)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = app.Endpoint("storefront"),
        };
        using (var login = await http.GetAsync("/login", cancellation))
        {
            var callback = await new IdentityProviderClient(app).SignInAsync(http, login.Headers.Location!,
                new Uri(app.Endpoint("storefront"), "/signin-oidc").ToString(), user, user, cancellation);
            using var signedIn = await http.GetAsync(callback, cancellation);
            if (signedIn.StatusCode != HttpStatusCode.Redirect)
            {
                // What the page showed and why the storefront refused (it logs the reason, never the state or the code).
                var page = await signedIn.Content.ReadAsStringAsync(cancellation);
                var shown = Regex.Match(page, "data-testid=\"signin-error\">([^<]*)<").Groups[1].Value;
                var refusals = app.Logs("storefront").Split('\n').Where(line => line.Contains("Sign-in", StringComparison.Ordinal)).TakeLast(3);
                Assert.Fail($"storefront sign-in callback: {(int)signedIn.StatusCode} {WebUtility.HtmlDecode(shown)} | {string.Join(" | ", refusals)}");
            }
        }
        return new StorefrontSession(http);
    }

    public async Task<Guid> PlaceAsync(string item, int quantity, CancellationToken cancellation)
    {
        using var response = await _http.PostAsJsonAsync("/orders", new { item, quantity }, cancellation);
        var body = await response.Content.ReadAsStringAsync(cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"placing an order at the storefront: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>Places an order as the page's script does and returns the storefront's answer, whatever it is.</summary>
    public Task<HttpResponseMessage> PostOrderAsync(string item, int quantity, CancellationToken cancellation) =>
        _http.PostAsJsonAsync("/orders", new { item, quantity }, cancellation);

    public void Dispose() => _http.Dispose();
}
