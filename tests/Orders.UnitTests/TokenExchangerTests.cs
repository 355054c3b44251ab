using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TokenJourney.Orders.TokenExchange;

namespace TokenJourney.Orders.UnitTests;

/// <summary>The exchange itself is the IdP's (integration tests); here: what Orders asks for and how long it reuses the answer.</summary>
public sealed class TokenExchangerTests
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeTokenEndpoint _idp;
    private readonly TokenExchanger _exchanger;

    public TokenExchangerTests()
    {
        _idp = new FakeTokenEndpoint(_clock);
        var options = Options.Create(new ExchangeClientOptions
        {
            Authority = "http://localhost:8080/realms/tokenjourney", ClientId = "orders", ClientSecret = "orders-secret",
            ExchangeRefreshMargin = TimeSpan.FromSeconds(5),
        });
        _exchanger = new TokenExchanger(new HttpClient(_idp), options, new MemoryCache(new MemoryCacheOptions { SizeLimit = 100 }), _clock);
    }

    [Fact]
    public async Task It_asks_for_one_audience_and_only_the_scope_needed_as_the_orders_client()
    {
        await _exchanger.ExchangeAsync("subject-token", "inventory", "inventory:reserve", CancellationToken.None);

        var form = Assert.Single(_idp.Requests);
        Assert.Equal("urn:ietf:params:oauth:grant-type:token-exchange", form["grant_type"]);
        Assert.Equal("subject-token", form["subject_token"]);
        Assert.Equal("urn:ietf:params:oauth:token-type:access_token", form["subject_token_type"]);
        Assert.Equal(("inventory", "inventory:reserve", "orders"), (form["audience"], form["scope"], form["client_id"]));
    }

    [Fact]
    public async Task The_same_token_and_audience_cost_one_exchange_until_shortly_before_expiry()
    {
        _idp.Lifetime = TimeSpan.FromSeconds(60);
        var first = await _exchanger.ExchangeAsync("subject-token", "inventory", "inventory:reserve", CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(50));
        var reused = await _exchanger.ExchangeAsync("subject-token", "inventory", "inventory:reserve", CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(6)); // 4 s left: inside the refresh margin
        var renewed = await _exchanger.ExchangeAsync("subject-token", "inventory", "inventory:reserve", CancellationToken.None);

        Assert.Same(first, reused);
        Assert.NotSame(first, renewed);
        Assert.Equal(2, _idp.Requests.Count);
    }

    [Fact]
    public async Task Another_audience_or_another_subject_token_is_exchanged_separately()
    {
        await _exchanger.ExchangeAsync("subject-token", "inventory", "inventory:reserve", CancellationToken.None);
        await _exchanger.ExchangeAsync("subject-token", "shipping", "shipping:create", CancellationToken.None);
        await _exchanger.ExchangeAsync("other-subject-token", "inventory", "inventory:reserve", CancellationToken.None);

        Assert.Equal(3, _idp.Requests.Count);
    }

    [Fact]
    public async Task A_refusal_surfaces_the_oauth_error_code_and_never_the_token()
    {
        _idp.Refuse = "invalid_target";

        var refused = await Assert.ThrowsAsync<TokenExchangeException>(() =>
            _exchanger.ExchangeAsync("subject-token", "billing", "billing:all", CancellationToken.None));

        Assert.Equal("invalid_target", refused.Error);
        Assert.DoesNotContain("subject-token", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("invalid_request", true)]
    [InlineData("invalid_grant", false)]
    [InlineData("invalid_target", false)]
    [InlineData("invalid_scope", false)]
    [InlineData("invalid_client", false)]
    public async Task Only_invalid_request_says_the_caller_token_itself_was_refused(string error, bool subjectTokenRefused)
    {
        // RFC 8693 2.2.2 (and Keycloak 26): a subject token the IdP cannot use is invalid_request.
        _idp.Refuse = error;

        var refused = await Assert.ThrowsAsync<TokenExchangeException>(() =>
            _exchanger.ExchangeAsync("subject-token", "inventory", "inventory:reserve", CancellationToken.None));

        Assert.Equal(subjectTokenRefused, refused.SubjectTokenRefused);
    }

    [Fact]
    public async Task An_exchanged_token_does_not_print_itself()
    {
        var token = await _exchanger.ExchangeAsync("subject-token", "inventory", "inventory:reserve", CancellationToken.None);

        Assert.DoesNotContain(token.AccessToken, token.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Answers like the IdP's token endpoint with an (unsigned) JWT whose exp the test controls.</summary>
    private sealed class FakeTokenEndpoint(TimeProvider clock) : HttpMessageHandler
    {
        public List<Dictionary<string, string>> Requests { get; } = [];
        public TimeSpan Lifetime { get; set; } = TimeSpan.FromSeconds(60);
        public string? Refuse { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var form = (await request.Content!.ReadAsStringAsync(cancellationToken)).Split('&')
                .Select(pair => pair.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
            Requests.Add(form);
            if (Refuse is not null)
            {
                return Json(HttpStatusCode.BadRequest, new { error = Refuse });
            }
            var exp = clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
            var payload = JsonSerializer.Serialize(new { aud = form["audience"], scope = form["scope"], exp, jti = Guid.NewGuid().ToString() });
            var jwt = $"{B64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}")}.{B64(payload)}.c2ln";
            return Json(HttpStatusCode.OK, new { access_token = jwt, token_type = "Bearer", expires_in = (int)Lifetime.TotalSeconds });
        }

        private static HttpResponseMessage Json(HttpStatusCode status, object body) =>
            new(status) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };

        private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
