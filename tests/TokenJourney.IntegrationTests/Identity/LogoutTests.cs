using System.Net;
using System.Net.Http.Headers;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Identity;

/// <summary>
/// Signing out at the provider ends that browser session everywhere: its tokens die at the provider, and the gateway
/// hears of it at once through OIDC back-channel logout. Other sessions of the same user live on, as in Keycloak.
/// </summary>
public sealed class LogoutTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private readonly ProtocolClient _idp = new(app);

    [Fact]
    public async Task Sam_signs_out_of_the_storefront_and_that_session_ends_at_the_provider_and_at_the_gateway()
    {
        var signIn = await _idp.SignInAtStorefrontAsync("sam", "sam");
        var tokens = signIn.Tokens.EnsureSuccess();
        var otherSession = (await _idp.PasswordAsync("sam", "sam")).EnsureSuccess();
        using var gateway = App.CreateHttpClient("gateway");
        // Resolved and cached at the gateway before the logout: the back-channel logout has to reach past that cache.
        using (var ok = await GetOrdersThroughGatewayAsync(gateway, tokens.AccessToken!)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        using var browser = ProtocolClient.NewHttpClient(signIn.Cookies);
        var postLogout = new Uri(App.Endpoint("storefront"), "/signout-callback-oidc").ToString();
        using var logout = await browser.GetAsync($"{App.Authority}/protocol/openid-connect/logout?client_id=storefront" +
            $"&id_token_hint={tokens.IdToken}&post_logout_redirect_uri={Uri.EscapeDataString(postLogout)}&state=bye", Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.StartsWith(postLogout, logout.Headers.Location!.ToString());
        Assert.False((await _idp.IntrospectAsync(tokens.AccessToken!)).GetProperty("active").GetBoolean());
        var refresh = await _idp.RefreshAsync("storefront", tokens.RefreshToken!);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (refresh.Status, refresh.Error));
        using (var refused = await GetOrdersThroughGatewayAsync(gateway, tokens.AccessToken!))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer realm=\"tokenjourney\", error=\"invalid_token\", error_description=\"The access token has been revoked\"",
                refused.Headers.WwwAuthenticate.ToString());
        }

        // The same user's other session (another client, another sid) is not signed out.
        (await _idp.RefreshAsync("journey-tests", otherSession.RefreshToken!)).EnsureSuccess();

        // The browser's session cookie no longer signs sam in: the login page shows again.
        using var again = await browser.GetAsync(_idp.AuthorizeUrl(ProtocolClient.UserScopes, "s4", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"), Cancellation);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("kc-form-login", await again.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task A_post_logout_redirect_URI_the_realm_does_not_list_is_refused()
    {
        var tokens = (await _idp.SignInAtStorefrontAsync("bob", "bob")).Tokens.EnsureSuccess();
        using var browser = ProtocolClient.NewHttpClient();

        using var logout = await browser.GetAsync($"{App.Authority}/protocol/openid-connect/logout?client_id=storefront" +
            $"&id_token_hint={tokens.IdToken}&post_logout_redirect_uri={Uri.EscapeDataString("https://evil.example/")}", Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
        Assert.Null(logout.Headers.Location);
        Assert.True((await _idp.IntrospectAsync(tokens.AccessToken!)).GetProperty("active").GetBoolean(), "a refused logout signs nobody out");
    }

    private async Task<HttpResponseMessage> GetOrdersThroughGatewayAsync(HttpClient gateway, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/orders");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await gateway.SendAsync(request, Cancellation);
    }
}
