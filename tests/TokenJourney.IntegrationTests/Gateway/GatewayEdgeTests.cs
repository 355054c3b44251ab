using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;

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

    private async Task<JsonElement> StatsAsync(HttpClient gateway, string supportToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/token-stats");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", supportToken);
        using var response = await gateway.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
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
    public async Task A_thousand_requests_with_one_opaque_token_cost_one_resolution_at_the_IdP()
    {
        using var gateway = App.CreateHttpClient("gateway");
        var opaque = await _idp.StorefrontOpaqueTokenAsync("bob", "bob", Cancellation);
        var before = (await StatsAsync(gateway, await _idp.PasswordGrantAsync("sam", "sam", Cancellation))).GetProperty("idpResolutions").GetInt64();

        var statuses = new List<HttpStatusCode>();
        for (var batch = 0; batch < 20; batch++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => GetOrdersAsync(gateway, opaque)));
            statuses.AddRange(responses.Select(r => r.StatusCode));
            foreach (var r in responses) r.Dispose();
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var after = (await StatsAsync(gateway, await _idp.PasswordGrantAsync("sam", "sam", Cancellation))).GetProperty("idpResolutions").GetInt64();
        Assert.Equal(1, after - before);
    }

    [Fact]
    public async Task A_deny_listed_jti_is_refused_at_once()
    {
        using var gateway = App.CreateHttpClient("gateway");
        var token = await _idp.PasswordGrantAsync("alice", "alice", Cancellation);
        using (var ok = await GetOrdersAsync(gateway, token)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        await RevokeAsync(gateway, new { jti = Claim(token, "jti") });

        using var refused = await GetOrdersAsync(gateway, token);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_deny_listed_session_is_refused_at_once_for_its_opaque_token_too()
    {
        using var gateway = App.CreateHttpClient("gateway");
        var jwt = await _idp.PasswordGrantAsync("bob", "bob", Cancellation);
        using (var ok = await GetOrdersAsync(gateway, jwt)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        await RevokeAsync(gateway, new { sid = Claim(jwt, "sid") });

        using var refused = await GetOrdersAsync(gateway, jwt);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    public static TheoryData<string> Forgeries =>
        ["not_yet_valid", "wrong_issuer", "wrong_audience", "bad_signature", "alg_none", "hs256_with_public_key", "unknown_kid", "malformed", "expired_forged"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_or_misdirected_token_gets_401_invalid_token_and_nothing_echoed(string forgery)
    {
        using var gateway = App.CreateHttpClient("gateway");
        var (kid, publicKey) = await _idp.CurrentSigningKeyAsync(Cancellation);
        var forge = new ForgedTokens(App.Authority);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var token = forgery switch
        {
            "not_yet_valid" => forge.SignedByAttacker(kid, forge.Claims(nbf: now + 600, exp: now + 900)),
            "wrong_issuer" => forge.SignedByAttacker(kid, forge.Claims(issuer: "http://localhost:1/realms/evil")),
            "wrong_audience" => forge.SignedByAttacker(kid, forge.Claims(audience: "shipping")),
            "bad_signature" => forge.SignedByAttacker(kid, forge.Claims()),
            "alg_none" => ForgedTokens.Unsigned(forge.Claims()),
            "hs256_with_public_key" => ForgedTokens.Hs256WithPublicKey(kid, publicKey, forge.Claims()),
            "unknown_kid" => forge.SignedByAttacker("kid-the-idp-never-published", forge.Claims()),
            "malformed" => "eyJhbGciOiJSUzI1NiJ9.not-json.c2lnbmF0dXJl",
            "expired_forged" => forge.SignedByAttacker(kid, forge.Claims(exp: now - 3600, nbf: now - 7200)),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        using var response = await GetOrdersAsync(gateway, token);

        AssertInvalidToken(response, token);
    }

    [Fact]
    public async Task A_real_token_that_expired_gets_401_saying_so()
    {
        using var gateway = App.CreateHttpClient("gateway");
        var token = await _idp.PasswordGrantAsync("alice", "alice", Cancellation);
        var exp = DateTimeOffset.FromUnixTimeSeconds(long.Parse(Claim(token, "exp")));
        using (var ok = await GetOrdersAsync(gateway, token)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        // journey-tests tokens live 15 s; wait past exp plus the gateway's clock skew (5 s).
        var wait = exp - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(7);
        if (wait > TimeSpan.Zero) await Task.Delay(wait, Cancellation);

        using var response = await GetOrdersAsync(gateway, token);
        AssertInvalidToken(response, token);
        Assert.Contains("expired", response.Headers.WwwAuthenticate.ToString());
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

    private static void AssertInvalidToken(HttpResponseMessage response, string token)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("Bearer realm=\"tokenjourney\", error=\"invalid_token\"", challenge);
        Assert.DoesNotContain(token.Split('.')[0], challenge);
    }

    private static string Claim(string jwt, string name)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=')));
        return JsonDocument.Parse(json).RootElement.GetProperty(name).ToString();
    }
}
