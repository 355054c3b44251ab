using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Identity;

/// <summary>The provider's logs say what happened without ever holding a password, a client secret or a token.</summary>
public sealed class SecretHygieneTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private readonly ProtocolClient _idp = new(app);

    [Fact]
    public async Task After_good_and_bad_sign_ins_refreshes_and_exchanges_the_identity_log_holds_no_secret_and_no_token()
    {
        var typo = $"alice-typo-{Guid.NewGuid():N}";
        var wrongSecret = $"wrong-secret-{Guid.NewGuid():N}";
        Assert.Equal("invalid_grant", (await _idp.PasswordAsync("alice", typo)).Error);
        Assert.Equal("invalid_grant", (await _idp.PasswordAsync(typo, typo)).Error);
        Assert.Equal("invalid_client", (await _idp.TokenAsync("orders", new() { ["grant_type"] = "client_credentials" }, secret: wrongSecret)).Error);
        var alice = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess();
        var refreshed = (await _idp.RefreshAsync("journey-tests", alice.RefreshToken!)).EnsureSuccess();
        var exchanged = (await _idp.ExchangeAsync("orders", refreshed.AccessToken!, "inventory")).EnsureSuccess();
        var storefront = (await _idp.SignInAtStorefrontAsync("bob", "bob")).Tokens.EnsureSuccess();
        var phantom = (await _idp.ExchangeAsync("gateway", storefront.AccessToken!, "orders")).EnsureSuccess();
        // A last request whose log line only this test causes (the audiences follow the scopes' order, which no service
        // asks for): once the provider's log holds it, it holds every line of the requests above.
        (await _idp.ExchangeAsync("orders", refreshed.AccessToken!, audience: null, scope: "shipping:create inventory:reserve")).EnsureSuccess();
        var log = await LogWithAsync("Token exchanged for client orders: audience shipping inventory, scope shipping:create inventory:reserve");
        var secrets = new Dictionary<string, string>
        {
            ["a mistyped password"] = typo,
            ["a wrong client secret"] = wrongSecret,
            ["the orders client secret"] = _idp.SecretOf("orders"),
            ["the storefront client secret"] = _idp.SecretOf("storefront"),
            ["the journey-tests client secret"] = _idp.SecretOf("journey-tests"),
            ["a refresh token"] = alice.RefreshToken!,
            ["an access token"] = refreshed.AccessToken!,
            ["an access token's signature"] = refreshed.AccessToken!.Split('.')[2],
            ["an exchanged token"] = exchanged.AccessToken!,
            ["an opaque access token"] = storefront.AccessToken!,
            ["a storefront refresh token"] = storefront.RefreshToken!,
            ["an id_token"] = storefront.IdToken!,
            ["a phantom JWT"] = phantom.AccessToken!,
        };
        foreach (var (what, secret) in secrets)
        {
            Assert.False(log.Contains(secret, StringComparison.Ordinal), $"the identity log contains {what}");
        }
        Assert.DoesNotContain("password=", log, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("client_secret=", log, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string> LogWithAsync(string marker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!App.Logs("identity").Contains(marker, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the identity log never showed \"{marker}\"");
            await Task.Delay(100, Cancellation);
        }
        return App.Logs("identity");
    }

    [Fact]
    public async Task Error_responses_carry_no_stack_trace()
    {
        var refused = await _idp.TokenAsync("journey-tests", new() { ["grant_type"] = "password", ["username"] = "alice" });
        var body = refused.Body.ToString();
        Assert.Equal("invalid_request", refused.Error);
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("Exception", body);
    }
}
