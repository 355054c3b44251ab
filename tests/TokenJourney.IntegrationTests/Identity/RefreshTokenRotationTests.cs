using System.Net;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Identity;

/// <summary>
/// The realm says revokeRefreshToken with refreshTokenMaxReuse 0: every refresh rotates the refresh token, and a
/// rotated one coming back is treated as stolen, so the whole chain dies, the legitimate newest token included.
/// </summary>
public sealed class RefreshTokenRotationTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private readonly ProtocolClient _idp = new(app);

    [Fact]
    public async Task The_storefront_refreshes_bob_session_and_gets_a_new_refresh_token_each_time()
    {
        var first = (await _idp.SignInAtStorefrontAsync("bob", "bob")).Tokens.EnsureSuccess();

        var second = (await _idp.RefreshAsync("storefront", first.RefreshToken!)).EnsureSuccess();
        var third = (await _idp.RefreshAsync("storefront", second.RefreshToken!)).EnsureSuccess();

        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.NotEqual(second.RefreshToken, third.RefreshToken);
        Assert.False(Jwt.LooksLikeJwt(third.AccessToken!), "refreshed storefront tokens stay opaque");
        var introspected = await _idp.IntrospectAsync(third.AccessToken!);
        Assert.True(introspected.GetProperty("active").GetBoolean());
        Assert.Equal(Jwt.Payload(first.IdToken!).GetProperty("sid").GetString(), introspected.GetProperty("sid").GetString());
    }

    [Fact]
    public async Task Reusing_a_rotated_refresh_token_is_refused_and_revokes_the_newer_one_too()
    {
        var signedIn = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess();
        var rotated = (await _idp.RefreshAsync("journey-tests", signedIn.RefreshToken!)).EnsureSuccess();

        // An attacker replays the refresh token the client already used.
        var replay = await _idp.RefreshAsync("journey-tests", signedIn.RefreshToken!);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (replay.Status, replay.Error));

        // The legitimate client's newer refresh token is dead as well: the chain is revoked.
        var legitimate = await _idp.RefreshAsync("journey-tests", rotated.RefreshToken!);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (legitimate.Status, legitimate.Error));
        Assert.False((await _idp.IntrospectAsync(rotated.RefreshToken!)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_refreshed_token_reads_roles_again_and_keeps_the_session_and_scopes()
    {
        var signedIn = (await _idp.PasswordAsync("alice", "alice", scope: "openid orders:read")).EnsureSuccess();
        var refreshed = (await _idp.RefreshAsync("journey-tests", signedIn.RefreshToken!)).EnsureSuccess();

        var before = Jwt.Payload(signedIn.AccessToken!);
        var after = Jwt.Payload(refreshed.AccessToken!);
        Assert.Equal(before.GetProperty("sid").GetString(), after.GetProperty("sid").GetString());
        Assert.Equal(before.GetProperty("sub").GetString(), after.GetProperty("sub").GetString());
        Assert.Equal(Jwt.Scopes(before).Order(), Jwt.Scopes(after).Order());
        Assert.NotEqual(before.GetProperty("jti").GetString(), after.GetProperty("jti").GetString());
        // The refreshed token carries alice's realm roles as the provider reads them now, not a token without them.
        Assert.Contains("customer", Jwt.RealmRoles(after));
        Assert.Equal(Jwt.RealmRoles(before).Order(), Jwt.RealmRoles(after).Order());
    }

    [Fact]
    public async Task A_refresh_asking_for_more_scope_than_was_granted_is_invalid_scope_and_a_narrower_one_is_served()
    {
        var signedIn = (await _idp.PasswordAsync("alice", "alice", scope: "openid orders:read")).EnsureSuccess();

        // RFC 6749 6 and 5.2: a scope not originally granted is invalid_scope (Keycloak answers the same).
        var wider = await _idp.TokenAsync("journey-tests", new()
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = signedIn.RefreshToken!, ["scope"] = "openid orders:read orders:write",
        });
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_scope"), (wider.Status, wider.Error));

        var same = (await _idp.TokenAsync("journey-tests", new()
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = signedIn.RefreshToken!, ["scope"] = "orders:read",
        })).EnsureSuccess();
        Assert.Equal(["orders:read"], Jwt.Scopes(Jwt.Payload(same.AccessToken!)));
    }

    [Fact]
    public async Task Another_client_cannot_use_someone_else_refresh_token()
    {
        var signedIn = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess();

        var stolen = await _idp.RefreshAsync("storefront", signedIn.RefreshToken!);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (stolen.Status, stolen.Error));
    }

    [Fact]
    public async Task A_garbage_refresh_token_is_invalid_grant()
    {
        var refused = await _idp.RefreshAsync("journey-tests", "not-a-refresh-token");
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (refused.Status, refused.Error));
    }
}
