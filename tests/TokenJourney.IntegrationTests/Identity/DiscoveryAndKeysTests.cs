using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Identity;

/// <summary>A service that knows only the authority URL finds everything else from discovery, as with Keycloak.</summary>
public sealed class DiscoveryAndKeysTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private readonly ProtocolClient _idp = new(app);

    [Fact]
    public async Task Discovery_names_the_realm_as_issuer_and_every_endpoint_at_Keycloak_paths()
    {
        var discovery = await _idp.DiscoveryAsync();
        var protocol = $"{App.Authority}/protocol/openid-connect";

        Assert.Equal(App.Authority, discovery.GetProperty("issuer").GetString());
        Assert.Equal($"{protocol}/auth", discovery.GetProperty("authorization_endpoint").GetString());
        Assert.Equal($"{protocol}/token", discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal($"{protocol}/certs", discovery.GetProperty("jwks_uri").GetString());
        Assert.Equal($"{protocol}/token/introspect", discovery.GetProperty("introspection_endpoint").GetString());
        Assert.Equal($"{protocol}/revoke", discovery.GetProperty("revocation_endpoint").GetString());
        Assert.Equal($"{protocol}/logout", discovery.GetProperty("end_session_endpoint").GetString());
        Assert.Equal($"{protocol}/userinfo", discovery.GetProperty("userinfo_endpoint").GetString());

        var grants = Strings(discovery, "grant_types_supported");
        Assert.Superset(new HashSet<string>
        {
            "authorization_code", "refresh_token", "client_credentials", "password", "urn:ietf:params:oauth:grant-type:token-exchange",
        }, grants.ToHashSet());
        Assert.Contains("S256", Strings(discovery, "code_challenge_methods_supported"));
        Assert.Contains("RS256", Strings(discovery, "id_token_signing_alg_values_supported"));
    }

    [Fact]
    public async Task Discovery_lists_only_client_authentication_that_works_back_channel_logout_and_the_claims_tokens_carry()
    {
        var discovery = await _idp.DiscoveryAsync();

        // Clients authenticate with their secret; no client has keys, so private_key_jwt (which would also need
        // *_endpoint_auth_signing_alg_values_supported, RFC 8414 2) is not offered.
        foreach (var endpoint in new[] { "token", "introspection", "revocation" })
        {
            Assert.Equal(["client_secret_basic", "client_secret_post"], Strings(discovery, $"{endpoint}_endpoint_auth_methods_supported").Order());
        }
        using var http = ProtocolClient.NewHttpClient();
        using var basic = new HttpRequestMessage(HttpMethod.Post, _idp.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        basic.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"orders:{_idp.SecretOf("orders")}")));
        using var answer = await http.SendAsync(basic, Cancellation);
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);

        Assert.True(discovery.GetProperty("backchannel_logout_supported").GetBoolean());
        Assert.True(discovery.GetProperty("backchannel_logout_session_supported").GetBoolean());
        Assert.Superset(new HashSet<string>
        {
            "iss", "sub", "aud", "exp", "iat", "auth_time", "azp", "sid", "typ", "name", "given_name", "family_name",
            "preferred_username", "email", "email_verified", "realm_access", "resource_access", "scope", "act", "embedded_tokens",
        }, Strings(discovery, "claims_supported").ToHashSet());
    }

    [Fact]
    public async Task The_JWKS_publishes_RSA_signing_keys_with_a_kid_and_no_private_part()
    {
        var keys = (await _idp.JwksAsync()).GetProperty("keys").EnumerateArray().ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, key =>
        {
            Assert.Equal("RSA", key.GetProperty("kty").GetString());
            Assert.Equal("sig", key.GetProperty("use").GetString());
            Assert.Equal("RS256", key.GetProperty("alg").GetString());
            Assert.False(string.IsNullOrEmpty(key.GetProperty("kid").GetString()));
            Assert.True(key.TryGetProperty("n", out _) && key.TryGetProperty("e", out _));
            foreach (var privatePart in new[] { "d", "p", "q", "dp", "dq", "qi" })
            {
                Assert.False(key.TryGetProperty(privatePart, out _), $"the JWKS leaks the private parameter '{privatePart}'");
            }
        });
        Assert.Equal(keys.Count, keys.Select(k => k.GetProperty("kid").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task A_token_the_provider_signs_verifies_against_the_published_JWKS_and_a_tampered_one_is_refused_by_Orders()
    {
        var token = (await _idp.PasswordAsync("bob", "bob")).EnsureSuccess().AccessToken!;
        Assert.True(await _idp.VerifiesAgainstJwksAsync(token));

        // Bob grants himself the support role: same header and signature, every other claim as the provider issued it.
        var parts = token.Split('.');
        var payload = System.Text.Json.Nodes.JsonNode.Parse(Jwt.Base64UrlDecode(parts[1]))!.AsObject();
        payload["realm_access"] = new System.Text.Json.Nodes.JsonObject { ["roles"] = new System.Text.Json.Nodes.JsonArray("customer", "support") };
        var tampered = $"{parts[0]}.{Jwt.Base64Url(System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";
        Assert.False(await _idp.VerifiesAgainstJwksAsync(tampered));

        // Sent to a service (Orders, whose audience the token has): the genuine token passes, the tampered one is
        // refused for its signature.
        using var orders = App.CreateHttpClient("orders");
        Assert.Equal(HttpStatusCode.OK, (await GetOrdersAsync(orders, token)).Status);
        var (status, challenge) = await GetOrdersAsync(orders, tampered);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("error=\"invalid_token\"", challenge);
        Assert.Contains("error_description=\"The access token signature is invalid\"", challenge);
    }

    private static async Task<(HttpStatusCode Status, string Challenge)> GetOrdersAsync(HttpClient orders, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/orders");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await orders.SendAsync(request, Cancellation);
        return (response.StatusCode, response.Headers.WwwAuthenticate.ToString());
    }

    private static IReadOnlyList<string> Strings(JsonElement document, string name) =>
        [.. document.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
