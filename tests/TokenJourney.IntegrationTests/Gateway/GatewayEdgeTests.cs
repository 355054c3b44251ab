using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;
using TokenJourney.IntegrationTests.Identity;
using TokenJourney.IntegrationTests.Security;

namespace TokenJourney.IntegrationTests.Gateway;

/// <summary>The gateway on the composed system: real IdP tokens, real Redis, real Orders behind it.</summary>
public sealed class GatewayEdgeTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private readonly IdentityProviderClient _idp = new(app);

    private async Task<HttpResponseMessage> GetOrdersAsync(HttpClient gateway, string? token, string query = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/orders" + query);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await gateway.SendAsync(request, Cancellation);
    }

    private async Task RevokeAsync(HttpClient gateway, object revocation)
    {
        var sam = await _idp.PasswordGrantAsync("sam", "sam", Cancellation);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/revocations") { Content = JsonContent.Create(revocation) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sam);
        using var response = await gateway.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Alice_with_an_opaque_token_reaches_Orders_which_gets_a_JWT_and_she_never_sees_one()
    {
        using var gateway = App.CreateHttpClient("gateway");
        var opaque = await _idp.StorefrontOpaqueTokenAsync("alice", "alice", Cancellation);
        Assert.DoesNotContain('.', opaque.TrimEnd('='));

        using var response = await GetOrdersAsync(gateway, opaque);

        // Orders accepts only IdP-signed JWTs for its audience: a 200 from it means the opaque token was replaced.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.DoesNotContain("eyJ", body);
        Assert.DoesNotContain(response.Headers, h => h.Value.Any(v => v.Contains("eyJ")));
    }

    [Fact]
    public async Task A_deny_listed_jti_is_refused_at_once()
    {
        using var gateway = App.CreateHttpClient("gateway");
        var token = await _idp.PasswordGrantAsync("alice", "alice", Cancellation);
        using (var ok = await GetOrdersAsync(gateway, token)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        await RevokeAsync(gateway, new { jti = Claim(token, "jti") });

        using var refused = await GetOrdersAsync(gateway, token);
        AssertInvalidToken(refused, token, "The access token has been revoked");
    }

    [Fact]
    public async Task A_deny_listed_session_is_refused_at_once_for_its_opaque_token_too()
    {
        using var gateway = App.CreateHttpClient("gateway");
        var signIn = (await new ProtocolClient(App).SignInAtStorefrontAsync("bob", "bob")).Tokens.EnsureSuccess();
        var opaque = signIn.AccessToken!;
        Assert.False(Jwt.LooksLikeJwt(opaque));
        // Resolved and cached (memo and Redis) before the revocation: the cache must not outlive the session.
        using (var ok = await GetOrdersAsync(gateway, opaque)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        await RevokeAsync(gateway, new { sid = Jwt.Payload(signIn.IdToken!).GetProperty("sid").GetString() });

        using var refused = await GetOrdersAsync(gateway, opaque);
        AssertInvalidToken(refused, opaque, "The access token has been revoked");
    }

    /// <summary>Tokens no provider signed: each is refused before any claim is read, for what is wrong with its signature or form.</summary>
    public static TheoryData<string, string> Forgeries => new()
    {
        { "bad_signature", "The access token signature is invalid" },
        // An empty signature segment is not a JWS of ours at all.
        { "alg_none", "The access token is malformed" },
        { "hs256_with_public_key", "The access token is signed with an algorithm that is not allowed" },
        { "unknown_kid", "The access token is signed with an unknown key" },
        { "malformed", "The access token is malformed" },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_token_gets_401_invalid_token_naming_what_is_forged_and_nothing_echoed(string forgery, string description)
    {
        using var gateway = App.CreateHttpClient("gateway");
        var (kid, publicKey) = await _idp.CurrentSigningKeyAsync(Cancellation);
        var forge = new ForgedTokens(App.Authority);
        var token = forgery switch
        {
            "bad_signature" => forge.SignedByAttacker(kid, forge.Claims()),
            "alg_none" => ForgedTokens.Unsigned(forge.Claims()),
            "hs256_with_public_key" => ForgedTokens.Hs256WithPublicKey(kid, publicKey, forge.Claims()),
            "unknown_kid" => forge.SignedByAttacker("kid-the-idp-never-published", forge.Claims()),
            "malformed" => "eyJhbGciOiJSUzI1NiJ9.not-json.c2lnbmF0dXJl",
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        using var response = await GetOrdersAsync(gateway, token);

        AssertInvalidToken(response, token, description);
    }

    [Fact]
    public async Task A_token_the_provider_exchanged_for_Orders_is_accepted_by_Orders_and_refused_by_the_gateway_as_not_meant_for_it()
    {
        using var gateway = App.CreateHttpClient("gateway");
        var protocol = new ProtocolClient(App);
        var alice = (await protocol.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;
        var forOrders = (await protocol.ExchangeAsync("gateway", alice, audience: "orders")).EnsureSuccess().AccessToken!;
        Assert.Equal(new[] { "orders" }, Jwt.Audiences(Jwt.Payload(forOrders)));

        // Orders takes it: signature, issuer, lifetime and claims are all right; only the gateway's audience is missing.
        using (var orders = App.CreateHttpClient("orders"))
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/orders"))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", forOrders);
            using var accepted = await orders.SendAsync(request, Cancellation);
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        using var response = await GetOrdersAsync(gateway, forOrders);

        AssertInvalidToken(response, forOrders, "The access token is not meant for this audience");
    }

    [Fact]
    public async Task A_token_a_provider_with_the_same_keys_issued_under_another_issuer_gets_401_naming_the_issuer()
    {
        using var gateway = App.CreateHttpClient("gateway");
        await using var other = await ProviderUnderAnotherIssuer.StartAsync(App, Cancellation);
        using var http = ProtocolClient.NewHttpClient();
        using var issued = await http.PostAsync($"{other.Authority}/protocol/openid-connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "journey-tests",
            ["client_secret"] = App.ClientSecret("journey-tests"),
            ["username"] = "alice",
            ["password"] = "alice",
            ["scope"] = "openid orders:read orders:write",
        }), Cancellation);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("access_token").GetString()!;
        Assert.Equal(other.Authority, Claim(token, "iss"));
        Assert.NotEqual(App.Authority, other.Authority);
        // Signed with a key the gateway trusts, and verifiably so: only the issuer can be what is refused.
        Assert.True(await new ProtocolClient(App).VerifiesAgainstJwksAsync(token), "the second provider did not sign with the shared provider's key");

        using var response = await GetOrdersAsync(gateway, token);

        AssertInvalidToken(response, token, "The access token was issued by an untrusted issuer");
    }

    [Fact]
    public async Task A_token_signed_with_the_providers_key_that_is_not_valid_yet_gets_401_saying_so()
    {
        // The provider never issues a token valid only later, so this one is minted with its real key: the signature
        // verifies and every claim but nbf is what the provider writes (the same claims with nbf now are accepted).
        using var gateway = App.CreateHttpClient("gateway");
        var key = new ProviderSigningKey(App);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = key.Claims();
        using (var ok = await GetOrdersAsync(gateway, key.Sign(key.Header(), claims))) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        claims["jti"] = Guid.NewGuid().ToString();
        claims["nbf"] = now + 300;
        // exp after nbf (a window that closes before it opens is refused for its lifetime) and within the 15 min
        // lifetime ceiling, so nbf is the one rule it breaks.
        claims["exp"] = now + 600;
        var token = key.Sign(key.Header(), claims);

        using var response = await GetOrdersAsync(gateway, token);

        AssertInvalidToken(response, token, "The access token is not valid yet");
    }

    [Fact]
    public async Task A_real_token_that_expired_gets_401_saying_so()
    {
        using var gateway = App.CreateHttpClient("gateway");
        var token = await _idp.PasswordGrantAsync("alice", "alice", Cancellation);
        var exp = DateTimeOffset.FromUnixTimeSeconds(long.Parse(Claim(token, "exp")));
        using (var ok = await GetOrdersAsync(gateway, token)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        // journey-tests tokens live 15 s (its realm lifespan); wait past exp plus the gateway's clock skew (5 s).
        var wait = exp - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(7);
        if (wait > TimeSpan.Zero) await Task.Delay(wait, Cancellation);

        using var response = await GetOrdersAsync(gateway, token);
        AssertInvalidToken(response, token, "The access token expired");
    }

    [Fact]
    public async Task A_token_in_the_query_string_is_an_invalid_request_even_with_a_good_header()
    {
        using var gateway = App.CreateHttpClient("gateway");
        var token = await _idp.PasswordGrantAsync("alice", "alice", Cancellation);

        using var response = await GetOrdersAsync(gateway, token, "?access_token=" + Uri.EscapeDataString(token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("Bearer", challenge);
        Assert.Contains("error=\"invalid_request\"", challenge);
        Assert.DoesNotContain(token, await response.Content.ReadAsStringAsync(Cancellation));
        Assert.DoesNotContain(token[..40], App.Logs("gateway"));
    }

    /// <summary>401 invalid_token whose description names the one check the token failed, and nothing of the token.</summary>
    private static void AssertInvalidToken(HttpResponseMessage response, string token, string description)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Equal($"Bearer realm=\"tokenjourney\", error=\"invalid_token\", error_description=\"{description}\"", challenge);
        Assert.DoesNotContain(token.Split('.')[0], challenge);
    }

    private static string Claim(string jwt, string name)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=')));
        return JsonDocument.Parse(json).RootElement.GetProperty(name).ToString();
    }
}
