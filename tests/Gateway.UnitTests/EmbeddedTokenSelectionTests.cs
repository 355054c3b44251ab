using Microsoft.Extensions.Options;
using TokenJourney.Gateway.Edge;
using TokenJourney.Gateway.Telemetry;
using TokenJourney.Gateway.Tokens;

namespace TokenJourney.Gateway.UnitTests;

/// <summary>The embed strategy at the edge: which embedded token goes on, and which are refused and why.</summary>
public sealed class EmbeddedTokenSelectionTests : IDisposable
{
    private readonly TestIssuer _issuer = new();
    private readonly VerifiedTokenMemo _memo = new(1000, TimeProvider.System);
    private readonly EdgeTokenService _gateway;

    public EmbeddedTokenSelectionTests() => _gateway = new(
        new JwtTokenValidator(new JwksKeyCache(new FakeJwksSource(_issuer), TimeProvider.System, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10)), TestIssuer.Options()),
        new FakeExchange(_issuer), new InMemoryStore(), _memo, new GatewayMetrics(), TimeProvider.System, Options.Create(TestIssuer.Options()),
        Options.Create(new EdgeOptions { ExchangeAudience = "orders" }));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string Outer(Dictionary<string, object> embedded) =>
        _issuer.Issue(claims: new() { ["embedded_tokens"] = embedded });

    private async Task<VerifiedToken> VerifiedOuterAsync(string outer)
    {
        var decision = await _gateway.DecideAsync(outer, Cancel);
        Assert.Equal(TokenOutcome.Accepted, decision.Outcome);
        return decision.Token!;
    }

    [Fact]
    public async Task The_token_embedded_for_the_routes_audience_goes_on_alone_after_its_own_validation()
    {
        var forOrders = _issuer.Issue("orders", jti: "embedded-orders");
        var outer = Outer(new() { ["orders"] = forOrders, ["inventory"] = _issuer.Issue("inventory", jti: "embedded-inventory") });

        var decision = await _gateway.TakeEmbeddedAsync(await VerifiedOuterAsync(outer), "orders", Cancel);

        Assert.Equal(TokenOutcome.Accepted, decision.Outcome);
        Assert.Equal(forOrders, decision.Token!.ForwardToken);
        Assert.Equal((VerifiedToken.EmbeddedStrategy, "orders", "embedded-orders"), (decision.Token.Strategy, decision.Token.Audience, decision.Token.Jti));
    }

    [Fact]
    public async Task An_outer_token_without_one_for_the_routes_audience_is_refused_as_carrying_no_embedded_token()
    {
        var outer = Outer(new() { ["inventory"] = _issuer.Issue("inventory") });

        var decision = await _gateway.TakeEmbeddedAsync(await VerifiedOuterAsync(outer), "orders", Cancel);

        Assert.Equal((TokenOutcome.Rejected, "no_embedded_token"), (decision.Outcome, decision.Reason));
    }

    [Fact]
    public async Task A_token_embedded_under_the_routes_audience_but_issued_for_another_is_refused_for_its_audience()
    {
        var outer = Outer(new() { ["orders"] = _issuer.Issue("inventory") });

        var decision = await _gateway.TakeEmbeddedAsync(await VerifiedOuterAsync(outer), "orders", Cancel);

        Assert.Equal((TokenOutcome.Rejected, "invalid_audience"), (decision.Outcome, decision.Reason));
    }

    [Fact]
    public async Task An_embedded_token_signed_by_a_key_the_provider_never_published_is_refused_for_its_signature()
    {
        var attacker = TestIssuer.NewKey(_issuer.Key.KeyId!);
        var outer = Outer(new() { ["orders"] = _issuer.Issue("orders", key: attacker) });

        var decision = await _gateway.TakeEmbeddedAsync(await VerifiedOuterAsync(outer), "orders", Cancel);

        Assert.Equal((TokenOutcome.Rejected, "invalid_signature"), (decision.Outcome, decision.Reason));
    }

    [Fact]
    public async Task An_expired_embedded_token_is_refused_although_its_outer_token_is_valid()
    {
        var outer = Outer(new() { ["orders"] = _issuer.Issue("orders", lifetime: TimeSpan.FromMinutes(-1)) });

        var decision = await _gateway.TakeEmbeddedAsync(await VerifiedOuterAsync(outer), "orders", Cancel);

        Assert.Equal((TokenOutcome.Rejected, "expired"), (decision.Outcome, decision.Reason));
    }

    [Fact]
    public async Task An_embedded_token_presented_as_the_outer_token_is_refused_for_its_audience_even_once_it_was_taken()
    {
        var forOrders = _issuer.Issue("orders", jti: "embedded-orders");
        var taken = await _gateway.TakeEmbeddedAsync(await VerifiedOuterAsync(Outer(new() { ["orders"] = forOrders })), "orders", Cancel);
        Assert.Equal(TokenOutcome.Accepted, taken.Outcome);

        var presented = await _gateway.DecideAsync(forOrders, Cancel);

        Assert.Equal((TokenOutcome.Rejected, "invalid_audience"), (presented.Outcome, presented.Reason));
    }

    public void Dispose() => _memo.Dispose();
}
