using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TokenJourney.Gateway.Edge;
using TokenJourney.Gateway.Telemetry;
using TokenJourney.Gateway.Tokens;

namespace TokenJourney.Gateway.UnitTests;

/// <summary>The edge middleware in front of a recording backend: what reaches Orders, and what the client gets back.</summary>
public sealed class EdgeMiddlewareTests : IDisposable
{
    private readonly TestIssuer _issuer = new();
    private readonly FakeExchange _idp;
    private readonly InMemoryStore _redis = new();
    private readonly VerifiedTokenMemo _memo = new(1000, TimeProvider.System);
    private readonly SubjectRateLimiter _limiter;
    /// <summary>The rate limiter's clock: its buckets refill only when the test moves it, however slow the machine is.</summary>
    private readonly ManualTime _limiterTime = new();
    private readonly EdgeOptions _options = new() { RateLimit = new RateLimitOptions { TokenLimit = 5, TokensPerSecond = 1 } };
    private readonly EdgeAuthenticationMiddleware _edge;
    private HttpContext? _forwarded;

    public EdgeMiddlewareTests()
    {
        _idp = new FakeExchange(_issuer);
        _idp.ActiveOpaqueTokens["opaque-alice-token"] = "session-alice";
        _limiter = new SubjectRateLimiter(_options.RateLimit, _limiterTime);
        var metrics = new GatewayMetrics();
        var tokens = new EdgeTokenService(
            new JwtTokenValidator(new JwksKeyCache(new FakeJwksSource(_issuer), TimeProvider.System, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10)), TestIssuer.Options()),
            _idp, _redis, _memo, metrics, TimeProvider.System, Options.Create(TestIssuer.Options()),
            Options.Create(new EdgeOptions { ExchangeAudience = "orders", PhantomCacheSeconds = 60, NegativeCacheSeconds = 5 }));
        _edge = new EdgeAuthenticationMiddleware(context => { _forwarded = context; return Task.CompletedTask; },
            tokens, _redis, _limiter, metrics, Options.Create(_options), Options.Create(new TokenJourney.Gateway.Proxy.RouteTokenStrategies()), TimeProvider.System);
    }

    // What problem documents are written with, as in the host.
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();

    private static string Body(HttpResponse response) => System.Text.Encoding.UTF8.GetString(((MemoryStream)response.Body).ToArray());

    private async Task<HttpContext> Send(string? authorization, string query = "", string? cookie = null, Dictionary<string, string>? headers = null)
    {
        _forwarded = null;
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Response.Body = new MemoryStream();
        context.Request.Path = "/api/orders/42";
        context.Request.QueryString = new QueryString(query);
        if (authorization is not null) context.Request.Headers.Authorization = authorization;
        if (cookie is not null) context.Request.Headers.Cookie = cookie;
        foreach (var (name, value) in headers ?? []) context.Request.Headers[name] = value;
        await _edge.InvokeAsync(context);
        return context;
    }

    [Fact]
    public async Task Orders_receives_the_exchanged_JWT_never_the_opaque_token()
    {
        await Send("Bearer opaque-alice-token");

        Assert.NotNull(_forwarded);
        var forwarded = _forwarded!.Request.Headers.Authorization.ToString();
        Assert.StartsWith("Bearer eyJ", forwarded);
        Assert.DoesNotContain("opaque-alice-token", forwarded);
    }

    [Fact]
    public async Task A_JWT_for_the_gateway_is_forwarded_as_it_is()
    {
        var jwt = _issuer.Issue();
        await Send("Bearer " + jwt);
        Assert.Equal("Bearer " + jwt, _forwarded!.Request.Headers.Authorization.ToString());
    }

    [Fact]
    public async Task Spoofable_identity_headers_never_reach_the_backend()
    {
        await Send("Bearer " + _issuer.Issue(), headers: new() { ["X-User-Id"] = "admin", ["X-Roles"] = "support", ["X-Forwarded-User"] = "sam", ["Accept"] = "application/json" });

        var headers = _forwarded!.Request.Headers;
        Assert.False(headers.ContainsKey("X-User-Id"));
        Assert.False(headers.ContainsKey("X-Roles"));
        Assert.False(headers.ContainsKey("X-Forwarded-User"));
        Assert.True(headers.ContainsKey("Accept"));
    }

    [Fact]
    public async Task No_token_gets_a_bare_Bearer_challenge()
    {
        var response = (await Send(null)).Response;
        Assert.Equal(401, response.StatusCode);
        Assert.Equal("Bearer realm=\"tokenjourney\"", response.Headers.WWWAuthenticate.ToString());
        Assert.Null(_forwarded);
    }

    [Theory]
    [InlineData("?access_token=opaque-alice-token", null)]
    [InlineData("?t=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl", null)]
    [InlineData("", "access_token=opaque-alice-token")]
    public async Task A_token_in_the_query_or_a_cookie_is_an_invalid_request(string query, string? cookie)
    {
        var response = (await Send("Bearer opaque-alice-token", query, cookie)).Response;
        Assert.Equal(401, response.StatusCode);
        var challenge = response.Headers.WWWAuthenticate.ToString();
        Assert.Contains("error=\"invalid_request\"", challenge);
        Assert.DoesNotContain("opaque-alice-token", challenge);
        Assert.Null(_forwarded);
        Assert.Equal(0, _idp.Calls);
    }

    [Fact]
    public async Task An_invalid_token_gets_invalid_token_and_nothing_echoed()
    {
        var expired = _issuer.Issue(lifetime: TimeSpan.FromMinutes(-5));
        var response = (await Send("Bearer " + expired)).Response;

        Assert.Equal(401, response.StatusCode);
        var challenge = response.Headers.WWWAuthenticate.ToString();
        Assert.Equal("Bearer realm=\"tokenjourney\", error=\"invalid_token\", error_description=\"The access token expired\"", challenge);
    }

    [Theory]
    [InlineData("Basic YWxpY2U6YWxpY2U=")]
    [InlineData("Bearer ")]
    public async Task A_non_bearer_authorization_is_an_invalid_request(string authorization)
    {
        var response = (await Send(authorization)).Response;
        Assert.Equal(401, response.StatusCode);
        Assert.Contains("error=\"invalid_request\"", response.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public async Task A_deny_listed_jti_or_session_is_refused_at_once_even_when_memoized()
    {
        var jwt = _issuer.Issue(jti: "jti-revoked", sid: "session-x");
        await Send("Bearer " + jwt);
        Assert.NotNull(_forwarded);

        await _redis.DenyTokenAsync("jti-revoked", TimeSpan.FromMinutes(5));
        var response = (await Send("Bearer " + jwt)).Response;
        Assert.Equal(401, response.StatusCode);
        Assert.Contains("revoked", response.Headers.WWWAuthenticate.ToString());
        Assert.Null(_forwarded);

        await Send("Bearer opaque-alice-token");
        Assert.NotNull(_forwarded);
        await _redis.DenySessionAsync("session-alice", TimeSpan.FromMinutes(5));
        Assert.Equal(401, (await Send("Bearer opaque-alice-token")).Response.StatusCode);
    }

    [Fact]
    public async Task With_Redis_down_the_deny_list_fails_closed_with_503()
    {
        var jwt = _issuer.Issue();
        _redis.Down = true;
        var response = (await Send("Bearer " + jwt)).Response;
        Assert.Equal(503, response.StatusCode);
        Assert.Equal("5", response.Headers.RetryAfter.ToString());
        Assert.Contains("Revocations cannot be checked", Body(response));
        Assert.Null(_forwarded);

        _options.DenyListFailOpen = true;
        await Send("Bearer " + jwt);
        Assert.NotNull(_forwarded);
    }

    [Fact]
    public async Task A_subject_over_its_budget_gets_429_with_Retry_After_until_the_bucket_refills()
    {
        var jwt = _issuer.Issue();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(200, (await Send("Bearer " + jwt)).Response.StatusCode);
        }
        var response = (await Send("Bearer " + jwt)).Response;
        Assert.Equal(429, response.StatusCode);
        Assert.Null(_forwarded);
        // One token per second and none left: the next one comes in exactly a second.
        Assert.Equal("1", response.Headers.RetryAfter.ToString());

        _limiterTime.Now += TimeSpan.FromMilliseconds(999);
        Assert.Equal(429, (await Send("Bearer " + jwt)).Response.StatusCode);
        _limiterTime.Now += TimeSpan.FromMilliseconds(1);
        Assert.Equal(200, (await Send("Bearer " + jwt)).Response.StatusCode);
        Assert.Equal(429, (await Send("Bearer " + jwt)).Response.StatusCode);

        // Another user is not throttled by alice's traffic.
        Assert.Equal(200, (await Send("Bearer " + _issuer.Issue(subject: "bob-id", sid: "session-bob", jti: "jti-bob"))).Response.StatusCode);
    }

    [Fact]
    public void Client_credentials_tokens_are_limited_per_client_user_tokens_per_subject()
    {
        var service = new VerifiedToken("x", "forwarded", DateTimeOffset.MaxValue, "service-account-id", "orders", "j", null, null, null, new Dictionary<string, string>());
        var user = new VerifiedToken("x", "forwarded", DateTimeOffset.MaxValue, "alice-id", "storefront", "j", "s", null, null, new Dictionary<string, string>());
        Assert.Equal("client:orders", service.RateLimitPartition);
        Assert.Equal("sub:alice-id", user.RateLimitPartition);
    }

    public void Dispose()
    {
        _memo.Dispose();
    }
}
