using TokenJourney.Gateway.Revocation;
using TokenJourney.Gateway.Tokens;

namespace TokenJourney.Gateway.UnitTests;

public sealed class LogoutTokenValidatorTests
{
    private readonly TestIssuer _issuer = new();
    private readonly LogoutTokenValidator _validator;

    public LogoutTokenValidatorTests() => _validator = new LogoutTokenValidator(
        new JwtTokenValidator(new JwksKeyCache(new FakeJwksSource(_issuer), TimeProvider.System, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10)), TestIssuer.Options()),
        "gateway");

    private static Dictionary<string, object> LogoutEvent() => new()
    {
        ["events"] = new Dictionary<string, object> { [LogoutTokenValidator.BackchannelLogoutEvent] = new Dictionary<string, object>() },
    };

    [Fact]
    public async Task A_logout_token_from_the_IdP_names_the_session_to_deny()
    {
        var (token, reason) = await _validator.ValidateAsync(_issuer.Issue(type: "logout+jwt", sid: "session-9", claims: LogoutEvent()), TestContext.Current.CancellationToken);
        Assert.Equal("ok", reason);
        Assert.Equal("session-9", token!.Sid);
    }

    [Fact]
    public async Task An_access_token_is_not_a_logout_token()
    {
        var (token, reason) = await _validator.ValidateAsync(_issuer.Issue(), TestContext.Current.CancellationToken);
        Assert.Null(token);
        Assert.Equal("no_logout_event", reason);
    }

    [Fact]
    public async Task A_logout_token_with_a_nonce_is_refused()
    {
        var claims = LogoutEvent();
        claims["nonce"] = "n";
        var (token, _) = await _validator.ValidateAsync(_issuer.Issue(type: "logout+jwt", claims: claims), TestContext.Current.CancellationToken);
        Assert.Null(token);
    }

    [Fact]
    public async Task A_logout_token_for_another_client_or_signed_by_someone_else_is_refused()
    {
        var cancel = TestContext.Current.CancellationToken;
        Assert.Null((await _validator.ValidateAsync(_issuer.Issue(audience: "storefront", type: "logout+jwt", claims: LogoutEvent()), cancel)).Token);
        Assert.Null((await _validator.ValidateAsync(_issuer.Issue(key: TestIssuer.NewKey("key-1"), type: "logout+jwt", claims: LogoutEvent()), cancel)).Token);
    }
}
