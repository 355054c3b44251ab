using System.Net;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Identity;

/// <summary>
/// The authorize URL as a client library with its own validation switched on meets it: a request that names the client
/// and one of its redirect URIs gets its error back at that URI with state and iss (RFC 6749 4.1.2.1, RFC 9207), only a
/// bad client or redirect URI stops at the provider; sessions older than max_age sign in again; PKCE is S256 only.
/// </summary>
public sealed class AuthorizationRequestTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private readonly ProtocolClient _idp = new(app);

    public static TheoryData<string, string, string> InvalidRequests => new()
    {
        // (what is wrong, how the request differs from a good one, the error the client gets back)
        { "no code_challenge", "", "invalid_request" },
        { "an unsupported code_challenge_method", $"&code_challenge={Challenge}&code_challenge_method=S512", "invalid_request" },
        { "a request object", $"&code_challenge={Challenge}&code_challenge_method=S256&request=eyJhbGciOiJub25lIn0.e30.", "request_not_supported" },
        { "prompt=none together with login", $"&code_challenge={Challenge}&code_challenge_method=S256&prompt=none%20login", "invalid_request" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task An_invalid_request_with_a_registered_redirect_URI_goes_back_to_the_client_with_error_state_and_iss(
        string wrong, string query, string error)
    {
        var response = await AuthorizeAsync("code", query, state: "s-" + wrong.Length);

        AssertErrorAtClient(response, error, "s-" + wrong.Length, wrong);
    }

    [Theory]
    [InlineData("token")]
    [InlineData("none")]
    public async Task A_response_type_the_realm_does_not_serve_goes_back_to_the_client_as_unsupported_response_type(string responseType)
    {
        var response = await AuthorizeAsync(responseType, $"&code_challenge={Challenge}&code_challenge_method=S256", state: "rt-" + responseType);

        AssertErrorAtClient(response, "unsupported_response_type", "rt-" + responseType, $"response_type={responseType}");
    }

    [Fact]
    public async Task Plain_PKCE_is_refused_back_at_the_client_and_discovery_offers_only_S256()
    {
        // The realm's storefront says pkce.code.challenge.method S256, as Keycloak would enforce it (RFC 9700 2.1.1).
        var response = await AuthorizeAsync("code", "&code_challenge=a-plain-verifier-that-is-long-enough-to-be-one-1234&code_challenge_method=plain", "plain");

        AssertErrorAtClient(response, "invalid_request", "plain", "plain PKCE");
        var methods = (await _idp.DiscoveryAsync()).GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString());
        Assert.Equal(["S256"], methods);
    }

    [Fact]
    public async Task A_repeated_state_is_invalid_request_and_issues_no_code()
    {
        // RFC 6749 3.1: request parameters must not be included more than once.
        var response = await AuthorizeAsync("code", $"&code_challenge={Challenge}&code_challenge_method=S256&state=second", "first");

        Assert.True(response.Location is not null, $"expected a redirect to the client, got {(int)response.Status}");
        var answer = ProtocolClient.ResponseParameters(response.Location);
        Assert.Equal("invalid_request", answer.GetValueOrDefault("error"));
        Assert.False(answer.ContainsKey("code"));
    }

    [Fact]
    public async Task A_session_older_than_max_age_signs_in_again_and_the_new_ID_token_says_so()
    {
        var (firstCode, firstVerifier, browser) = await _idp.AuthorizeAsync("bob", "bob");
        var firstAuthTime = AuthTime((await _idp.RedeemCodeAsync(firstCode, firstVerifier)).EnsureSuccess());
        // auth_time has whole seconds: wait until the session is surely more than 1 s old.
        await Task.Delay(TimeSpan.FromSeconds(2.5), Cancellation);

        // The browser still holds its session, but max_age=1 (OIDC Core 3.1.2.1) asks for a sign-in no older than 1 s:
        // AuthorizeAsync fails unless the login page shows again.
        var (code, verifier, _) = await _idp.AuthorizeAsync("bob", "bob", cookies: browser, extraQuery: "&max_age=1");

        var authTime = AuthTime((await _idp.RedeemCodeAsync(code, verifier)).EnsureSuccess());
        Assert.True(authTime >= firstAuthTime + 2, $"auth_time {authTime} is not the new sign-in (first {firstAuthTime})");
    }

    private static long AuthTime(TokenResponse tokens) => Jwt.Payload(tokens.IdToken!).GetProperty("auth_time").GetInt64();

    private async Task<(HttpStatusCode Status, Uri? Location)> AuthorizeAsync(string responseType, string query, string state)
    {
        var url = $"{App.Authority}/protocol/openid-connect/auth?client_id=storefront&response_type={responseType}" +
            $"&scope=openid&redirect_uri={Uri.EscapeDataString(_idp.StorefrontRedirectUri)}&state={state}&nonce=n" + query;
        using var browser = ProtocolClient.NewHttpClient();
        using var response = await browser.GetAsync(url, Cancellation);
        return (response.StatusCode, response.Headers.Location);
    }

    private void AssertErrorAtClient((HttpStatusCode Status, Uri? Location) response, string error, string state, string because)
    {
        Assert.True(response.Location is not null && response.Location.ToString().StartsWith(_idp.StorefrontRedirectUri, StringComparison.Ordinal),
            $"{because}: expected a redirect to the storefront, got {(int)response.Status} {response.Location}");
        var answer = ProtocolClient.ResponseParameters(response.Location);
        Assert.Equal((error, state, App.Authority), (answer.GetValueOrDefault("error"), answer.GetValueOrDefault("state"), answer.GetValueOrDefault("iss")));
        Assert.False(answer.ContainsKey("code"), $"{because}: a code was issued");
    }
}
