using System.Net;
using System.Net.Sockets;
using System.Text;
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
        var sid = Jwt.Payload(tokens.IdToken!).GetProperty("sid").GetString()!;
        var otherSession = (await _idp.PasswordAsync("sam", "sam")).EnsureSuccess();

        using var browser = ProtocolClient.NewHttpClient(signIn.Cookies);
        var postLogout = new Uri(App.Endpoint("storefront"), "/signout-callback-oidc").ToString();
        using var logout = await browser.GetAsync($"{App.Authority}/protocol/openid-connect/logout?client_id=storefront" +
            $"&id_token_hint={tokens.IdToken}&post_logout_redirect_uri={Uri.EscapeDataString(postLogout)}&state=bye", Cancellation);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.StartsWith(postLogout, logout.Headers.Location!.ToString());
        Assert.False((await _idp.IntrospectAsync(tokens.AccessToken!)).GetProperty("active").GetBoolean());
        var refresh = await _idp.RefreshAsync("storefront", tokens.RefreshToken!);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), (refresh.Status, refresh.Error));
        Assert.True(await GatewayDenyListsSessionAsync(sid), "the gateway did not deny-list the session after the back-channel logout");

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

    /// <summary>Looks in the gateway's Redis for its session deny-list entry (RESP EXISTS, no client library needed).</summary>
    private async Task<bool> GatewayDenyListsSessionAsync(string sid)
    {
        var endpoint = App.ConnectionString("cache").Split(',')[0].Split(':');
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(endpoint[0], int.Parse(endpoint[1]), Cancellation);
        var stream = tcp.GetStream();
        var key = $"gateway:deny:sid:{sid}";
        await stream.WriteAsync(Encoding.UTF8.GetBytes($"*2\r\n$6\r\nEXISTS\r\n${Encoding.UTF8.GetByteCount(key)}\r\n{key}\r\n"), Cancellation);
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer, Cancellation);
        return Encoding.ASCII.GetString(buffer, 0, read).Trim() == ":1";
    }
}
