using System.Net;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Identity;

/// <summary>Every grant the realm's clients use, and the standard OAuth error for each way of asking wrongly.</summary>
public sealed class GrantTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private readonly ProtocolClient _idp = new(app);

    [Fact]
    public async Task The_test_client_signs_alice_in_with_her_password_and_gets_a_short_JWT_and_a_refresh_token()
    {
        var tokens = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess();

        Assert.True(Jwt.LooksLikeJwt(tokens.AccessToken!));
        Assert.Equal("Bearer", tokens.Text("token_type"));
        Assert.Equal(15, tokens.Body.GetProperty("expires_in").GetInt32());
        // Keycloak issues a refresh token on a password grant to a client with use.refresh.tokens.
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));
        Assert.True(Jwt.LooksLikeJwt(tokens.IdToken!), "openid was asked for, so an id_token comes too");
    }

    [Fact]
    public async Task A_wrong_password_is_invalid_grant()
    {
        var refused = await _idp.PasswordAsync("alice", "not-alice");
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (refused.Status, refused.Error));

        var unknown = await _idp.PasswordAsync("mallory", "mallory");
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (unknown.Status, unknown.Error));
    }

    [Fact]
    public async Task A_client_without_direct_access_grants_may_not_use_passwords()
    {
        var refused = await _idp.PasswordAsync("alice", "alice", clientId: "storefront");
        Assert.Equal((HttpStatusCode.BadRequest, "unauthorized_client"), (refused.Status, refused.Error));
    }

    [Fact]
    public async Task A_wrong_or_missing_client_secret_is_invalid_client()
    {
        var wrong = await _idp.TokenAsync("orders", new() { ["grant_type"] = "client_credentials" }, secret: "not-the-secret");
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (wrong.Status, wrong.Error));

        var unknown = await _idp.TokenAsync("no-such-client", new() { ["grant_type"] = "client_credentials" }, secret: "x");
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), (unknown.Status, unknown.Error));
    }

    [Fact]
    public async Task A_request_missing_a_parameter_is_invalid_request_and_an_unknown_grant_is_unsupported_grant_type()
    {
        var missing = await _idp.TokenAsync("journey-tests", new() { ["grant_type"] = "password", ["password"] = "alice" });
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (missing.Status, missing.Error));

        var unknown = await _idp.TokenAsync("journey-tests", new() { ["grant_type"] = "urn:example:telepathy" });
        Assert.Equal((HttpStatusCode.BadRequest, "unsupported_grant_type"), (unknown.Status, unknown.Error));
    }

    [Fact]
    public async Task A_scope_the_client_does_not_have_is_invalid_scope()
    {
        var refused = await _idp.PasswordAsync("alice", "alice", scope: "openid inventory:reserve");
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_scope"), (refused.Status, refused.Error));
    }

    [Fact]
    public async Task Orders_gets_a_service_account_token_with_client_credentials_and_the_storefront_may_not()
    {
        var orders = (await _idp.ClientCredentialsAsync("orders")).EnsureSuccess();
        Assert.True(Jwt.LooksLikeJwt(orders.AccessToken!));
        Assert.True(await _idp.VerifiesAgainstJwksAsync(orders.AccessToken!));

        var storefront = await _idp.ClientCredentialsAsync("storefront");
        Assert.Equal((HttpStatusCode.BadRequest, "unauthorized_client"), (storefront.Status, storefront.Error));
    }

    [Fact]
    public async Task Bob_signs_in_at_the_login_page_and_the_storefront_holds_an_opaque_token_a_refresh_token_and_an_id_token()
    {
        var tokens = (await _idp.SignInAtStorefrontAsync("bob", "bob")).Tokens.EnsureSuccess();

        Assert.False(Jwt.LooksLikeJwt(tokens.AccessToken!), "the storefront holds an opaque reference token, not a JWT");
        Assert.False(string.IsNullOrEmpty(tokens.RefreshToken));
        var id = Jwt.Payload(tokens.IdToken!);
        Assert.Equal(App.Authority, id.GetProperty("iss").GetString());
        Assert.Equal(["storefront"], Jwt.Audiences(id));
        Assert.Equal("bob", id.GetProperty("preferred_username").GetString());
        Assert.False(string.IsNullOrEmpty(id.GetProperty("sid").GetString()));

        var introspected = await _idp.IntrospectAsync(tokens.AccessToken!);
        Assert.True(introspected.GetProperty("active").GetBoolean());
        Assert.Equal(id.GetProperty("sub").GetString(), introspected.GetProperty("sub").GetString());
    }

    [Fact]
    public async Task A_stolen_code_is_useless_without_the_PKCE_verifier()
    {
        var stolen = (await _idp.SignInAtStorefrontAsync("bob", "bob", tamperVerifier: true)).Tokens;
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (stolen.Status, stolen.Error));
    }

    [Fact]
    public async Task A_code_is_redeemed_once()
    {
        var (code, verifier, _) = await _idp.AuthorizeAsync("bob", "bob");
        (await _idp.RedeemCodeAsync(code, verifier)).EnsureSuccess();

        var again = await _idp.RedeemCodeAsync(code, verifier);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (again.Status, again.Error));
    }

    [Fact]
    public async Task A_redirect_URI_the_realm_does_not_list_is_refused_without_redirecting()
    {
        using var browser = ProtocolClient.NewHttpClient();
        var url = _idp.AuthorizeUrl(ProtocolClient.UserScopes, "s2", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
            .Replace(Uri.EscapeDataString(_idp.StorefrontRedirectUri), Uri.EscapeDataString("https://evil.example/callback"));
        using var response = await browser.GetAsync(url, Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_wrong_password_at_the_login_page_shows_the_form_again_and_issues_no_code()
    {
        using var browser = ProtocolClient.NewHttpClient(new CookieContainer());
        var url = _idp.AuthorizeUrl(ProtocolClient.UserScopes, "s3", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        using var page = await browser.GetAsync(url, Cancellation);
        var html = await page.Content.ReadAsStringAsync(Cancellation);
        var action = System.Text.RegularExpressions.Regex.Match(html, "action=\"([^\"]*)\"").Groups[1].Value;

        using var login = await browser.PostAsync(new Uri(new Uri(App.Authority), WebUtility.HtmlDecode(action)),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["username"] = "bob", ["password"] = "not-bob" }), Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Null(login.Headers.Location);
        Assert.Contains("Invalid username or password", await login.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task Userinfo_answers_with_the_user_profile_for_the_storefront_opaque_token()
    {
        var tokens = (await _idp.SignInAtStorefrontAsync("bob", "bob", scope: "openid profile email orders:read")).Tokens.EnsureSuccess();

        var (status, info) = await _idp.UserInfoAsync(tokens.AccessToken!);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Jwt.Payload(tokens.IdToken!).GetProperty("sub").GetString(), info.GetProperty("sub").GetString());
        Assert.Equal("bob", info.GetProperty("preferred_username").GetString());
        Assert.Equal("bob@tokenjourney.test", info.GetProperty("email").GetString());

        var (refused, _) = await _idp.UserInfoAsync("not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, refused);
    }

    [Fact]
    public async Task Userinfo_by_POST_with_no_body_and_no_content_type_answers_like_GET()
    {
        var tokens = (await _idp.SignInAtStorefrontAsync("bob", "bob", scope: "openid profile orders:read")).Tokens.EnsureSuccess();

        // OIDC Core 5.3.1: the client may POST; the token travels in the Authorization header, so there is no body.
        var (status, info) = await _idp.UserInfoAsync(tokens.AccessToken!, HttpMethod.Post);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("bob", info.GetProperty("preferred_username").GetString());
    }
}
