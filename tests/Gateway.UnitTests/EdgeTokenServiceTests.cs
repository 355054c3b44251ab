using Microsoft.Extensions.Options;
using TokenJourney.Gateway.Edge;
using TokenJourney.Gateway.Telemetry;
using TokenJourney.Gateway.Tokens;

namespace TokenJourney.Gateway.UnitTests;

public sealed class EdgeTokenServiceTests : IDisposable
{
    private readonly TestIssuer _issuer = new();
    private readonly FakeJwksSource _jwks;
    private readonly FakeExchange _idp;
    private readonly InMemoryStore _redis = new();
    private readonly VerifiedTokenMemo _memo = new(1000, TimeProvider.System);
    private readonly GatewayMetrics _metrics = new();

    public EdgeTokenServiceTests()
    {
        _jwks = new FakeJwksSource(_issuer);
        _idp = new FakeExchange(_issuer);
        _idp.ActiveOpaqueTokens["opaque-alice-token"] = "session-alice";
    }

    private EdgeTokenService Gateway(VerifiedTokenMemo? memo = null, int phantomCacheSeconds = 60) => new(
        new JwtTokenValidator(new JwksKeyCache(_jwks, TimeProvider.System, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10)), TestIssuer.Options()),
        _idp, _redis, memo ?? _memo, _metrics, TimeProvider.System, Options.Create(TestIssuer.Options()),
        Options.Create(new EdgeOptions { ExchangeAudience = "orders", PhantomCacheSeconds = phantomCacheSeconds, NegativeCacheSeconds = 5 }));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_JWT_is_forwarded_unchanged_and_verified_once()
    {
        var gateway = Gateway();
        var jwt = _issuer.Issue();

        var first = await gateway.DecideAsync(jwt, Cancel);
        var second = await gateway.DecideAsync(jwt, Cancel);

        Assert.Equal(TokenOutcome.Accepted, first.Outcome);
        Assert.Equal(jwt, first.Token!.ForwardToken);
        Assert.Equal(VerifiedToken.Forwarded, first.Token.Strategy);
        Assert.Equal("miss", first.Cache);
        Assert.Equal("memo", second.Cache);
    }

    [Fact]
    public async Task An_opaque_token_becomes_an_IdP_signed_JWT_for_orders()
    {
        var decision = await Gateway().DecideAsync("opaque-alice-token", Cancel);

        Assert.Equal(TokenOutcome.Accepted, decision.Outcome);
        Assert.Equal(VerifiedToken.Phantom, decision.Token!.Strategy);
        Assert.NotEqual("opaque-alice-token", decision.Token.ForwardToken);
        Assert.Equal("orders", decision.Token.Audience);
        Assert.Equal("session-alice", decision.Token.Sid);
    }

    [Fact]
    public async Task A_thousand_concurrent_requests_with_one_opaque_token_cause_one_exchange()
    {
        var gateway = Gateway();
        var decisions = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => gateway.DecideAsync("opaque-alice-token", Cancel).AsTask()));

        Assert.All(decisions, d => Assert.Equal(TokenOutcome.Accepted, d.Outcome));
        Assert.Equal(1, _idp.Calls);
        Assert.Equal(1, _metrics.Snapshot().IdpResolutions);
    }

    [Fact]
    public async Task Another_gateway_instance_reuses_the_resolution_through_Redis()
    {
        await Gateway().DecideAsync("opaque-alice-token", Cancel);
        using var otherMemo = new VerifiedTokenMemo(1000, TimeProvider.System);

        var decision = await Gateway(otherMemo).DecideAsync("opaque-alice-token", Cancel);

        Assert.Equal("redis", decision.Cache);
        Assert.Equal(1, _idp.Calls);
    }

    [Fact]
    public async Task Redis_keys_are_hashes_and_never_outlive_the_token_or_the_bound()
    {
        _idp.Lifetime = TimeSpan.FromSeconds(30);
        await Gateway(phantomCacheSeconds: 60).DecideAsync("opaque-alice-token", Cancel);

        var (key, entry) = Assert.Single(_redis.Phantoms);
        Assert.Equal(TokenHash.Of("opaque-alice-token"), key);
        Assert.DoesNotContain("opaque", key);
        Assert.InRange(entry.Ttl, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        _redis.Phantoms.Clear();
        _idp.Lifetime = TimeSpan.FromMinutes(10);
        _idp.ActiveOpaqueTokens["opaque-bob-token"] = "session-bob";
        await Gateway(phantomCacheSeconds: 60).DecideAsync("opaque-bob-token", Cancel);
        Assert.InRange(Assert.Single(_redis.Phantoms).Value.Ttl, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Without_Redis_opaque_tokens_are_still_resolved_and_kept_in_process()
    {
        _redis.Down = true;
        var gateway = Gateway();

        var first = await gateway.DecideAsync("opaque-alice-token", Cancel);
        var second = await gateway.DecideAsync("opaque-alice-token", Cancel);

        Assert.Equal(TokenOutcome.Accepted, first.Outcome);
        Assert.Equal("memo", second.Cache);
        Assert.Equal(1, _idp.Calls);
    }

    [Fact]
    public async Task An_opaque_token_the_IdP_refuses_is_rejected_and_not_asked_about_again_at_once()
    {
        var gateway = Gateway();

        var first = await gateway.DecideAsync("opaque-unknown-token", Cancel);
        var second = await gateway.DecideAsync("opaque-unknown-token", Cancel);

        Assert.Equal(TokenOutcome.Rejected, first.Outcome);
        Assert.Equal("inactive", first.Reason);
        Assert.Equal(TokenOutcome.Rejected, second.Outcome);
        Assert.Equal(1, _idp.Calls);
    }

    [Fact]
    public async Task The_IdP_being_down_is_unavailable_not_a_rejection()
    {
        _idp.Down = true;
        var decision = await Gateway().DecideAsync("opaque-alice-token", Cancel);
        Assert.Equal(TokenOutcome.Unavailable, decision.Outcome);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("quote\"inside")]
    [InlineData("")]
    public async Task Tokens_outside_the_b64token_syntax_are_malformed(string token)
    {
        var decision = await Gateway().DecideAsync(token, Cancel);
        Assert.Equal("malformed", decision.Reason);
        Assert.Equal(0, _idp.Calls);
    }

    [Theory]
    [InlineData("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.AAAA.AAAA.AAAA.AAAA", "encrypted")]
    [InlineData("one.two", "malformed")]
    [InlineData("a.b.c.d", "malformed")]
    public async Task A_JWE_or_a_dotted_token_of_the_wrong_shape_is_refused_without_asking_the_IdP(string token, string reason)
    {
        var decision = await Gateway().DecideAsync(token, Cancel);
        Assert.Equal(reason, decision.Reason);
        Assert.Equal(0, _idp.Calls);
    }

    public void Dispose() => _memo.Dispose();
}
