using System.Net;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Identity;

/// <summary>
/// RFC 8693 as the journey uses it: the gateway turns the storefront's opaque token into a JWT for Orders, Orders turns
/// that into narrower tokens for Inventory and Shipping. Each hop gets only the audience and scope it needs.
/// </summary>
public sealed class TokenExchangeTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private const string Inventory = "inventory";
    private readonly ProtocolClient _idp = new(app);

    [Fact]
    public async Task Orders_exchanges_alice_token_for_one_that_only_inventory_accepts_and_only_to_reserve()
    {
        var alice = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;
        var subject = Jwt.Payload(alice);

        // The scope named, as Orders names it: without one, the provider grants every scope the orders client has for
        // the audience, which since reservations are holds includes inventory:confirm (meant for Orders' own token).
        var exchanged = (await _idp.ExchangeAsync("orders", alice, audience: Inventory, scope: "inventory:reserve")).EnsureSuccess();
        var claims = Jwt.Payload(exchanged.AccessToken!);

        Assert.Equal("urn:ietf:params:oauth:token-type:access_token", exchanged.Text("issued_token_type"));
        Assert.True(await _idp.VerifiesAgainstJwksAsync(exchanged.AccessToken!));
        Assert.Equal(App.Authority, claims.GetProperty("iss").GetString());
        Assert.Equal([Inventory], Jwt.Audiences(claims));
        Assert.Equal(["inventory:reserve"], Jwt.Scopes(claims));
        Assert.Equal("orders", claims.GetProperty("azp").GetString());
        Assert.Equal("orders", claims.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal(subject.GetProperty("sub").GetString(), claims.GetProperty("sub").GetString());
        Assert.Equal(subject.GetProperty("sid").GetString(), claims.GetProperty("sid").GetString());
        Assert.Contains("customer", Jwt.RealmRoles(claims));
        Assert.True(claims.GetProperty("exp").GetInt64() <= subject.GetProperty("exp").GetInt64(), "an exchanged token never outlives its subject token");
        Assert.Null(exchanged.RefreshToken);
    }

    [Fact]
    public async Task The_client_app_may_not_exchange_tokens()
    {
        var bob = (await _idp.SignInAtStorefrontAsync("bob", "bob")).Tokens.EnsureSuccess().AccessToken!;

        var refused = await _idp.ExchangeAsync("storefront", bob, audience: Inventory);

        Assert.Equal((HttpStatusCode.BadRequest, "unauthorized_client"), (refused.Status, refused.Error));
    }

    [Fact]
    public async Task Orders_may_not_exchange_for_an_audience_it_is_not_permitted()
    {
        var alice = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;

        foreach (var audience in new[] { "gateway", "orders", "storefront", "nowhere" })
        {
            var refused = await _idp.ExchangeAsync("orders", alice, audience);
            Assert.True((HttpStatusCode.BadRequest, "invalid_target") == (refused.Status, refused.Error), $"audience {audience}: {refused}");
        }
    }

    [Fact]
    public async Task The_gateway_narrows_a_read_write_token_to_read_only_and_cannot_widen_it_back()
    {
        var alice = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;

        var readOnly = (await _idp.ExchangeAsync("gateway", alice, audience: "orders", scope: "orders:read")).EnsureSuccess().AccessToken!;
        Assert.Equal(["orders:read"], Jwt.Scopes(Jwt.Payload(readOnly)));
        Assert.Equal(["orders"], Jwt.Audiences(Jwt.Payload(readOnly)));

        var widened = await _idp.ExchangeAsync("gateway", readOnly, audience: "orders", scope: "orders:write");
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_scope"), (widened.Status, widened.Error));
    }

    [Fact]
    public async Task Orders_may_not_ask_for_a_scope_that_does_not_belong_to_the_audience()
    {
        var alice = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;

        var refused = await _idp.ExchangeAsync("orders", alice, audience: Inventory, scope: "shipping:create");

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_scope"), (refused.Status, refused.Error));
    }

    [Fact]
    public async Task The_gateway_resolves_the_storefront_opaque_token_and_orders_exchanges_again_with_a_nested_act()
    {
        var signIn = (await _idp.SignInAtStorefrontAsync("bob", "bob")).Tokens.EnsureSuccess();
        var bob = Jwt.Payload(signIn.IdToken!);

        var phantom = (await _idp.ExchangeAsync("gateway", signIn.AccessToken!, audience: "orders")).EnsureSuccess().AccessToken!;
        var forOrders = Jwt.Payload(phantom);
        Assert.Equal(["orders"], Jwt.Audiences(forOrders));
        Assert.Equal("gateway", forOrders.GetProperty("azp").GetString());
        Assert.Equal(bob.GetProperty("sub").GetString(), forOrders.GetProperty("sub").GetString());
        Assert.Equal(bob.GetProperty("sid").GetString(), forOrders.GetProperty("sid").GetString());
        // As Keycloak: the session's auth_time comes through the gateway's basic scope; profile and email claims only
        // through profile and email scopes, which the gateway's client does not have.
        Assert.Equal(bob.GetProperty("auth_time").GetInt64(), forOrders.GetProperty("auth_time").GetInt64());
        Assert.False(forOrders.TryGetProperty("preferred_username", out _), "no profile scope, no profile claims");
        Assert.False(forOrders.TryGetProperty("email", out _), "no email scope, no email claims");
        Assert.Equal(["orders:read", "orders:write"], Jwt.Scopes(forOrders).Order());

        var forShipping = Jwt.Payload((await _idp.ExchangeAsync("orders", phantom, audience: "shipping")).EnsureSuccess().AccessToken!);
        Assert.Equal(["shipping"], Jwt.Audiences(forShipping));
        Assert.Equal(["shipping:create"], Jwt.Scopes(forShipping));
        Assert.Equal("orders", forShipping.GetProperty("act").GetProperty("sub").GetString());
        Assert.Equal("gateway", forShipping.GetProperty("act").GetProperty("act").GetProperty("sub").GetString());
        Assert.True(forShipping.GetProperty("exp").GetInt64() <= forOrders.GetProperty("exp").GetInt64());
    }

    [Fact]
    public async Task An_actor_token_names_the_actor_in_act()
    {
        var alice = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;
        var actor = (await _idp.ClientCredentialsAsync("orders")).EnsureSuccess().AccessToken!;

        var exchanged = Jwt.Payload((await _idp.ExchangeAsync("orders", alice, Inventory, actorToken: actor)).EnsureSuccess().AccessToken!);

        Assert.Equal(Jwt.Payload(actor).GetProperty("sub").GetString(), exchanged.GetProperty("act").GetProperty("sub").GetString());
    }

    [Fact]
    public async Task A_subject_token_that_is_not_an_access_token_of_this_provider_is_invalid_request_as_is_a_missing_one()
    {
        // RFC 8693 2.2.2: an invalid subject_token is invalid_request (Keycloak 26 answers the same), not invalid_grant.
        var forged = await _idp.ExchangeAsync("orders", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5In0.", Inventory);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (forged.Status, forged.Error));

        var alice = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess();
        foreach (var (kind, token) in new[] { ("refresh token", alice.RefreshToken!), ("ID token", alice.IdToken!) })
        {
            // Presented as an access token (subject_token_type), which it is not.
            var mistyped = await _idp.ExchangeAsync("orders", token, Inventory);
            Assert.True((HttpStatusCode.BadRequest, "invalid_request") == (mistyped.Status, mistyped.Error), $"a {kind}: {mistyped}");
        }

        var missing = await _idp.TokenAsync("orders", new()
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
            ["audience"] = Inventory,
        });
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (missing.Status, missing.Error));
    }

    [Fact]
    public async Task An_expired_subject_token_is_invalid_request()
    {
        // journey-tests' access tokens live 15 s.
        var alice = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(Jwt.Payload(alice).GetProperty("exp").GetInt64());
        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.5), Cancellation);

        var expired = await _idp.ExchangeAsync("orders", alice, Inventory);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (expired.Status, expired.Error));
    }
}
