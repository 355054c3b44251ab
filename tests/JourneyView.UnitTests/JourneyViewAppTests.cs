using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TokenJourney.JourneyView.Inspector;

namespace TokenJourney.JourneyView.UnitTests;

/// <summary>The journey view's own HTTP surface: pages, cross-site refusal, the inspector's handling of a token, its settings.</summary>
public sealed class JourneyViewAppTests(JourneyViewApp app) : IClassFixture<JourneyViewApp>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/inspector/result", "Origin", "https://evil.example")]
    [InlineData("/inspector", "Origin", "null")]
    [InlineData("/inspector/result", "Sec-Fetch-Site", "cross-site")]
    [InlineData("/v1/traces", "Sec-Fetch-Site", "cross-site")]
    public async Task A_post_sent_by_another_site_is_refused(string path, string header, string value)
    {
        using var http = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent([new("token", "a.b.c")]) };
        request.Headers.Add(header, value);

        using var response = await http.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_inspector_verifies_a_token_without_echoing_or_caching_it()
    {
        using var tokens = new TestTokens();
        var token = tokens.Sign(new { alg = "RS256", kid = "k1" }, new { sub = "alice", exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds() });
        using var http = app.Client();

        using var response = await http.PostAsync("/inspector/result", Form(token, "pasted", TestTokens.Jwks(tokens.RsaJwk("k1"))), Cancellation);
        var html = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Contains("data-outcome=\"Verified\"", html);
        Assert.Contains("expires in 4 min", html);
        Assert.DoesNotContain(token.Split('.')[2], html);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_inspector_checks_the_signature_against_the_JWKS_of_the_configured_authority()
    {
        using var tokens = new TestTokens();
        var token = tokens.Sign(new { alg = "RS256", kid = "k1" }, new { sub = "alice", exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds() });
        var provider = new JwksHandler(TestTokens.Jwks(tokens.RsaJwk("k1")));
        await using var withAuthority = new JourneyViewApp { Settings = { ["Identity:Authority"] = "http://identity.test/realms/tokenjourney/" } };
        using var http = withAuthority.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddHttpClient<JwksClient>().ConfigurePrimaryHttpMessageHandler(() => provider))).CreateClient();

        using var response = await http.PostAsync("/inspector/result", Form(token, "jwks", ""), Cancellation);
        var html = await response.Content.ReadAsStringAsync(Cancellation);

        Assert.Contains("data-outcome=\"Verified\"", html);
        Assert.Equal("http://identity.test/realms/tokenjourney/protocol/openid-connect/certs", Assert.Single(provider.Requested).ToString());
    }

    [Fact]
    public async Task Without_an_authority_the_inspector_asks_for_a_pasted_key()
    {
        using var tokens = new TestTokens();
        var token = tokens.Sign(new { alg = "RS256", kid = "k1" }, new { sub = "alice", exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds() });
        using var http = app.Client();

        using var response = await http.PostAsync("/inspector/result", Form(token, "jwks", ""), Cancellation);

        Assert.Contains("data-outcome=\"NotChecked\"", await response.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task Every_page_renders_with_the_security_headers()
    {
        using var http = app.Client();
        foreach (var path in new[] { "/traces", "/traces?status=error&minMs=5&q=42", "/traces/0af7651916cd43dd8448eb211c80319c", "/inspector" })
        {
            using var response = await http.GetAsync(path, Cancellation);
            Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        }
        using var root = await http.GetAsync("/", Cancellation);
        Assert.Equal("/traces", root.Headers.Location?.ToString());
    }

    [Fact]
    public async Task A_trace_page_links_to_the_same_trace_in_the_Aspire_dashboard()
    {
        using var http = app.Client();

        var page = await http.GetStringAsync("/traces/0af7651916cd43dd8448eb211c80319c", Cancellation);

        Assert.Contains($"href=\"{JourneyViewApp.DashboardUrl}/traces/detail/0af7651916cd43dd8448eb211c80319c\"", page);
        Assert.Contains($"href=\"{JourneyViewApp.DashboardUrl}\"", page);
    }

    [Fact]
    public async Task Without_a_dashboard_url_there_is_no_dashboard_link()
    {
        await using var alone = new JourneyViewApp { Settings = { ["Dashboard:Url"] = "" } };
        using var http = alone.Client();

        var page = await http.GetStringAsync("/traces/0af7651916cd43dd8448eb211c80319c", Cancellation);

        Assert.DoesNotContain("aspire-trace", page);
        Assert.DoesNotContain("dashboard-link", page);
    }

    [Fact]
    public async Task The_span_store_reports_its_bound()
    {
        await using var small = new JourneyViewApp { Settings = { ["JourneyView:MaxSpans"] = "100" } };
        using var http = small.Client();

        var stats = await http.GetFromJsonAsync<JsonElement>("/api/spans/stats", Cancellation);

        Assert.Equal(100, stats.GetProperty("capacity").GetInt32());
        Assert.Equal(0, stats.GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("JourneyView:MaxSpans", "5")]
    [InlineData("JourneyView:MaxRequestBytes", "0")]
    [InlineData("Dashboard:Url", "localhost:18888")]
    [InlineData("Identity:Authority", "/realms/tokenjourney")]
    public async Task A_setting_out_of_range_stops_the_start(string key, string value)
    {
        // WebApplicationFactory races a host that fails to start: its deferred host may ask the already disposed
        // provider for the lifetime and throw ObjectDisposedException instead of the host's own error. A new factory
        // then starts the same host again; the validation error itself must come, naming the setting.
        for (var attempt = 1; ; attempt++)
        {
            await using var misconfigured = new JourneyViewApp { Settings = { [key] = value } };
            try
            {
                misconfigured.Client();
                Assert.Fail($"the journey view started with {key}={value}");
            }
            catch (ObjectDisposedException) when (attempt < 5)
            {
                continue;
            }
            catch (OptionsValidationException error)
            {
                Assert.Contains(key.Split(':')[1], error.Message);
                return;
            }
        }
    }

    [Fact]
    public async Task The_journey_view_does_not_export_its_own_traces_to_itself()
    {
        await using var pointedAtItself = new JourneyViewApp { Settings = { [Extensions.JourneyViewOtlpEndpointKey] = "http://localhost:18890" } };
        using var http = pointedAtItself.Client();

        var configuration = pointedAtItself.Services.GetRequiredService<IConfiguration>();

        Assert.Null(configuration[Extensions.JourneyViewOtlpEndpointKey]);
        Assert.Null(Extensions.JourneyViewTracesEndpoint(configuration));
    }

    private static FormUrlEncodedContent Form(string token, string keySource, string key) =>
        new([new("token", token), new("keySource", keySource), new("key", key)]);

    /// <summary>The identity provider's JWKS endpoint, answering whatever URL it is asked and remembering which.</summary>
    private sealed class JwksHandler(string jwks) : HttpMessageHandler
    {
        public List<Uri> Requested { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requested.Add(request.RequestUri!);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(jwks) });
        }
    }
}
