using Microsoft.Extensions.Options;
using TokenJourney.Gateway.Edge;
using TokenJourney.Gateway.Telemetry;
using TokenJourney.Gateway.Tokens;

namespace TokenJourney.Gateway.UnitTests;

/// <summary>The exchange strategy at the edge: the caller's verified token swapped for one for the route's audience.</summary>
public sealed class EdgeExchangeRouteTests : IDisposable
{
    private readonly TestIssuer _issuer = new();
    private readonly FakeExchange _idp;
    private readonly InMemoryStore _redis = new();
    private readonly VerifiedTokenMemo _memo = new(1000, TimeProvider.System);
    private readonly EdgeTokenService _gateway;

    public EdgeExchangeRouteTests()
    {
        _idp = new FakeExchange(_issuer);
        _idp.ActiveOpaqueTokens["opaque-alice-token"] = "session-alice";
        _gateway = new(
            new JwtTokenValidator(new JwksKeyCache(new FakeJwksSource(_issuer), TimeProvider.System, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10)), TestIssuer.Options()),
            _idp, _redis, _memo, new GatewayMetrics(), TimeProvider.System, Options.Create(TestIssuer.Options()),
            Options.Create(new EdgeOptions { ExchangeAudience = "orders", NegativeCacheSeconds = 5 }));
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<VerifiedToken> AcceptedAsync(string token)
    {
        var decision = await _gateway.DecideAsync(token, Cancel);
        Assert.Equal(TokenOutcome.Accepted, decision.Outcome);
        return decision.Token!;
    }

    [Fact]
    public async Task A_JWT_is_exchanged_once_for_the_routes_audience_and_the_exchanged_token_goes_on()
    {
        var jwt = _issuer.Issue();
        _idp.ActiveOpaqueTokens[jwt] = "session-1";
        var caller = await AcceptedAsync(jwt);

        var first = await _gateway.ExchangeForAsync(jwt, caller, "orders", Cancel);
        var second = await _gateway.ExchangeForAsync(jwt, caller, "orders", Cancel);

        Assert.Equal(TokenOutcome.Accepted, first.Outcome);
        Assert.Equal((VerifiedToken.Exchanged, "orders"), (first.Token!.Strategy, first.Token.Audience));
        Assert.NotEqual(jwt, first.Token.ForwardToken);
        Assert.Equal(("idp", "memo"), (first.Cache, second.Cache));
        Assert.Equal(1, _idp.Calls);
        // Kept apart from the caller's own token: presented again, the caller's JWT is still the gateway-audience one.
        Assert.Equal(VerifiedToken.Forwarded, (await AcceptedAsync(jwt)).Strategy);
    }

    [Fact]
    public async Task An_opaque_token_already_exchanged_for_the_routes_audience_is_not_exchanged_again()
    {
        var caller = await AcceptedAsync("opaque-alice-token");

        var decision = await _gateway.ExchangeForAsync("opaque-alice-token", caller, "orders", Cancel);

        Assert.Same(caller, decision.Token);
        Assert.Equal(1, _idp.Calls);
    }

    [Fact]
    public async Task A_token_the_IdP_will_not_exchange_is_refused_as_such_and_not_asked_about_again_at_once()
    {
        var jwt = _issuer.Issue();
        var caller = await AcceptedAsync(jwt);

        var first = await _gateway.ExchangeForAsync(jwt, caller, "orders", Cancel);
        var second = await _gateway.ExchangeForAsync(jwt, caller, "orders", Cancel);

        Assert.Equal((TokenOutcome.Rejected, "exchange_refused"), (first.Outcome, first.Reason));
        Assert.Equal((TokenOutcome.Rejected, "exchange_refused", "memo"), (second.Outcome, second.Reason, second.Cache));
        Assert.Equal(1, _idp.Calls);
    }

    public void Dispose() => _memo.Dispose();
}
