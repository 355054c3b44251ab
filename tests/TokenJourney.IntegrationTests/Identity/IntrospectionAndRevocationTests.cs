using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Identity;

/// <summary>Introspection tells a resource server whether a token is live; revocation makes it not.</summary>
public sealed class IntrospectionAndRevocationTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private readonly ProtocolClient _idp = new(app);

    [Fact]
    public async Task The_gateway_introspects_a_live_token_and_reads_what_Keycloak_would_answer()
    {
        var token = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;
        var claims = Jwt.Payload(token);

        var answer = await _idp.IntrospectAsync(token, clientId: "gateway");

        Assert.True(answer.GetProperty("active").GetBoolean());
        Assert.Equal(App.Authority, answer.GetProperty("iss").GetString());
        Assert.Equal(claims.GetProperty("sub").GetString(), answer.GetProperty("sub").GetString());
        Assert.Equal(claims.GetProperty("exp").GetInt64(), answer.GetProperty("exp").GetInt64());
        Assert.Equal("journey-tests", answer.GetProperty("client_id").GetString());
        // Keycloak's introspection "username" is the user's login name (preferred_username), not the display name.
        Assert.Equal("alice", answer.GetProperty("username").GetString());
        Assert.Superset(new HashSet<string> { "orders:read", "orders:write" }, Jwt.Scopes(answer).ToHashSet());
    }

    [Fact]
    public async Task Garbage_and_unknown_tokens_introspect_as_inactive()
    {
        foreach (var token in new[] { "not-a-token", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.c2ln" })
        {
            var answer = await _idp.IntrospectAsync(token);
            Assert.False(answer.GetProperty("active").GetBoolean());
            Assert.Single(answer.EnumerateObject());
        }
    }

    [Fact]
    public async Task A_resource_server_without_a_secret_cannot_introspect()
    {
        using var http = ProtocolClient.NewHttpClient();
        using var response = await http.PostAsync($"{App.Authority}/protocol/openid-connect/token/introspect",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "x", ["client_id"] = "gateway", ["client_secret"] = "wrong" }), Cancellation);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_client", await response.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task The_storefront_revokes_bob_opaque_token_and_the_gateway_refuses_it_although_it_had_cached_it()
    {
        var tokens = (await _idp.SignInAtStorefrontAsync("bob", "bob")).Tokens.EnsureSuccess();
        using var gateway = App.CreateHttpClient("gateway");
        // Resolved once and cached (memo and Redis), as on any busy page: revocation has to reach past that cache.
        using (var ok = await GetOrdersThroughGatewayAsync(gateway, tokens.AccessToken!)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        Assert.Equal(HttpStatusCode.OK, await _idp.RevokeAsync("storefront", tokens.AccessToken!, "access_token"));

        Assert.False((await _idp.IntrospectAsync(tokens.AccessToken!)).GetProperty("active").GetBoolean());
        using var refused = await GetOrdersThroughGatewayAsync(gateway, tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Bearer realm=\"tokenjourney\", error=\"invalid_token\", error_description=\"The access token has been revoked\"",
            refused.Headers.WwwAuthenticate.ToString());
    }

    private async Task<HttpResponseMessage> GetOrdersThroughGatewayAsync(HttpClient gateway, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/orders");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await gateway.SendAsync(request, Cancellation);
    }

    [Fact]
    public async Task A_revoked_refresh_token_no_longer_refreshes()
    {
        var tokens = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess();

        Assert.Equal(HttpStatusCode.OK, await _idp.RevokeAsync("journey-tests", tokens.RefreshToken!, "refresh_token"));

        var refused = await _idp.RefreshAsync("journey-tests", tokens.RefreshToken!);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (refused.Status, refused.Error));
    }

    [Fact]
    public async Task Revoking_a_refresh_token_also_deactivates_the_access_tokens_issued_with_it()
    {
        var signedIn = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess();
        var refreshed = (await _idp.RefreshAsync("journey-tests", signedIn.RefreshToken!)).EnsureSuccess();

        // RFC 7009 2.1: revoking a refresh token should also invalidate the access tokens of the same grant.
        Assert.Equal(HttpStatusCode.OK, await _idp.RevokeAsync("journey-tests", refreshed.RefreshToken!, "refresh_token"));

        Assert.False((await _idp.IntrospectAsync(signedIn.AccessToken!)).GetProperty("active").GetBoolean(), "the first access token is still active");
        Assert.False((await _idp.IntrospectAsync(refreshed.AccessToken!)).GetProperty("active").GetBoolean(), "the refreshed access token is still active");
    }

    [Fact]
    public async Task Revoking_one_sign_in_refresh_token_leaves_the_user_other_sign_ins_alone()
    {
        var first = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess();
        var second = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess();

        Assert.Equal(HttpStatusCode.OK, await _idp.RevokeAsync("journey-tests", first.RefreshToken!, "refresh_token"));

        Assert.True((await _idp.IntrospectAsync(second.AccessToken!)).GetProperty("active").GetBoolean());
        (await _idp.RefreshAsync("journey-tests", second.RefreshToken!)).EnsureSuccess();
    }

    [Fact]
    public async Task A_revoked_JWT_access_token_introspects_as_inactive()
    {
        var token = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;

        Assert.Equal(HttpStatusCode.OK, await _idp.RevokeAsync("journey-tests", token, "access_token"));

        Assert.False((await _idp.IntrospectAsync(token)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_service_token_is_not_stored_so_the_provider_says_it_cannot_revoke_it_and_it_stays_active_until_it_expires()
    {
        // Client-credentials and exchanged JWTs get no row in the store (one SQLite insert per request saved); RFC 7009
        // 2.2.1 lets the provider answer unsupported_token_type. Services validate them locally anyway.
        var token = (await _idp.ClientCredentialsAsync("orders")).EnsureSuccess().AccessToken!;

        using var http = ProtocolClient.NewHttpClient();
        using var revoked = await http.PostAsync($"{App.Authority}/protocol/openid-connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token, ["token_type_hint"] = "access_token", ["client_id"] = "orders", ["client_secret"] = _idp.SecretOf("orders"),
        }), Cancellation);
        Assert.Equal(HttpStatusCode.BadRequest, revoked.StatusCode);
        Assert.Equal("unsupported_token_type", (await revoked.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("error").GetString());

        Assert.True((await _idp.IntrospectAsync(token, clientId: "orders")).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_client_cannot_revoke_another_client_token()
    {
        var tokens = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess();

        // RFC 7009: the server answers without revoking (or with an error); either way the token stays live.
        await _idp.RevokeAsync("storefront", tokens.RefreshToken!, "refresh_token");

        (await _idp.RefreshAsync("journey-tests", tokens.RefreshToken!)).EnsureSuccess();
    }
}
