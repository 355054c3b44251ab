using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Identity;

/// <summary>
/// Every service reads the provider's access tokens as it would read Keycloak's: the claim names, types and values
/// must be Keycloak's, so the services never know which provider issued them.
/// </summary>
public sealed class AccessTokenShapeTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private readonly ProtocolClient _idp = new(app);

    [Fact]
    public async Task Alice_access_token_carries_exactly_the_claims_a_Keycloak_access_token_carries()
    {
        var token = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;
        var header = Jwt.Header(token);
        var claims = Jwt.Payload(token);

        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Contains(header.GetProperty("kid").GetString()!, await _idp.PublishedKeyIdsAsync());
        Assert.True(await _idp.VerifiesAgainstJwksAsync(token));

        Assert.Equal(App.Authority, claims.GetProperty("iss").GetString());
        Assert.Equal(["gateway", "orders"], Jwt.Audiences(claims).Order());
        Assert.Equal("journey-tests", claims.GetProperty("azp").GetString());
        Assert.True(Guid.TryParse(claims.GetProperty("sub").GetString(), out _), "sub is a user id, as Keycloak's");
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("sid").GetString()));
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("jti").GetString()));
        Assert.Equal(JsonValueKind.Number, claims.GetProperty("iat").ValueKind);
        Assert.Equal(JsonValueKind.Number, claims.GetProperty("exp").ValueKind);
        // journey-tests' access.token.lifespan is 15 s in the realm.
        Assert.Equal(15, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        Assert.Superset(new HashSet<string> { "openid", "orders:read", "orders:write" }, Jwt.Scopes(claims).ToHashSet());
        Assert.Contains("customer", Jwt.RealmRoles(claims));
        Assert.Contains("offline_access", Jwt.RealmRoles(claims));
        Assert.Equal(["place-order"], claims.GetProperty("resource_access").GetProperty("orders").GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("alice", claims.GetProperty("preferred_username").GetString());
        Assert.Equal("Bearer", claims.GetProperty("typ").GetString());
    }

    [Fact]
    public async Task The_scope_claim_lists_only_the_scopes_Keycloak_lists()
    {
        var claims = Jwt.Payload((await _idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!);

        // basic and roles are include.in.token.scope=false in the realm, as in Keycloak's defaults.
        Assert.DoesNotContain("basic", Jwt.Scopes(claims));
        Assert.DoesNotContain("roles", Jwt.Scopes(claims));
    }

    [Fact]
    public async Task A_service_account_token_names_the_client_as_its_authorized_party_and_has_no_session_nor_profile_claims_without_the_profile_scope()
    {
        var token = (await _idp.ClientCredentialsAsync("orders")).EnsureSuccess();
        var claims = Jwt.Payload(token.AccessToken!);

        Assert.Null(token.RefreshToken);
        Assert.Equal(App.Authority, claims.GetProperty("iss").GetString());
        Assert.Equal("orders", claims.GetProperty("azp").GetString());
        // Keycloak adds preferred_username through the profile scope only; orders' default scopes are basic and roles.
        Assert.False(claims.TryGetProperty("preferred_username", out _), "no profile scope, no profile claims");
        Assert.Equal("Bearer", claims.GetProperty("typ").GetString());
        Assert.False(claims.TryGetProperty("sid", out _), "a client credentials token belongs to no user session");
    }

    [Fact]
    public async Task A_client_credentials_token_names_its_audience_from_the_audience_mappers_or_else_the_client()
    {
        // RFC 9068 2.2: aud is required. The scope's audience mapper names it, as in Keycloak...
        var forShipping = Jwt.Payload((await _idp.ClientCredentialsAsync("orders", "shipping:create")).EnsureSuccess().AccessToken!);
        Assert.Equal(["shipping"], Jwt.Audiences(forShipping));

        // ...and with no mapper in reach the token is for the client itself (RFC 9068 3: a default resource).
        var plain = Jwt.Payload((await _idp.ClientCredentialsAsync("orders")).EnsureSuccess().AccessToken!);
        Assert.Equal(["orders"], Jwt.Audiences(plain));
    }
}
