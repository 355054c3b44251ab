using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Identity;

/// <summary>What the token endpoint answered: the tokens, or the OAuth error. Never printed whole (it holds tokens).</summary>
internal sealed record TokenResponse(HttpStatusCode Status, JsonElement Body)
{
    public string? AccessToken => Text("access_token");
    public string? RefreshToken => Text("refresh_token");
    public string? IdToken => Text("id_token");
    public string? Error => Text("error");

    /// <summary>For assertion messages: the status and the error, nothing secret.</summary>
    public override string ToString() => $"{(int)Status} {Error} {Text("error_description")}".Trim();

    public string? Text(string name) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public TokenResponse EnsureSuccess()
    {
        Assert.True(Status == HttpStatusCode.OK && AccessToken is not null, $"the token endpoint refused: {this}");
        return this;
    }
}

/// <summary>What a browser sign-in at the provider's login page yields, with the browser's cookies for a later logout.</summary>
internal sealed record BrowserSignIn(TokenResponse Tokens, CookieContainer Cookies);

/// <summary>
/// Speaks OAuth 2.0 / OpenID Connect to the running identity provider over real HTTP, as its clients do: each client
/// authenticates with its secret read from the realm file (client_secret_post), the storefront signs users in through
/// the login page with PKCE. Tokens stay in memory; assertion messages show status and error codes only.
/// </summary>
internal sealed partial class ProtocolClient(TokenJourneyFixture app)
{
    public const string UserScopes = "openid orders:read orders:write";

    public string Authority => app.Authority;
    public string TokenEndpoint => $"{Authority}/protocol/openid-connect/token";
    public string StorefrontRedirectUri => new Uri(app.Endpoint("storefront"), "/signin-oidc").ToString();

    public string SecretOf(string clientId) => app.ClientSecret(clientId);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public Task<TokenResponse> PasswordAsync(string user, string password, string scope = UserScopes, string clientId = "journey-tests") =>
        TokenAsync(clientId, new() { ["grant_type"] = "password", ["username"] = user, ["password"] = password, ["scope"] = scope });

    public Task<TokenResponse> ClientCredentialsAsync(string clientId, string? scope = null) =>
        TokenAsync(clientId, WithOptional(new() { ["grant_type"] = "client_credentials" }, "scope", scope));

    public Task<TokenResponse> RefreshAsync(string clientId, string refreshToken) =>
        TokenAsync(clientId, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    public Task<TokenResponse> ExchangeAsync(string clientId, string subjectToken, string? audience, string? scope = null, string? actorToken = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["subject_token"] = subjectToken,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
        };
        WithOptional(form, "audience", audience);
        WithOptional(form, "scope", scope);
        if (actorToken is not null)
        {
            form["actor_token"] = actorToken;
            form["actor_token_type"] = "urn:ietf:params:oauth:token-type:access_token";
        }
        return TokenAsync(clientId, form);
    }

    /// <summary>POSTs to the token endpoint as <paramref name="clientId"/>, with its realm secret unless one is given.</summary>
    public async Task<TokenResponse> TokenAsync(string clientId, Dictionary<string, string> form, string? secret = null)
    {
        form["client_id"] = clientId;
        form["client_secret"] = secret ?? SecretOf(clientId);
        using var http = NewHttpClient();
        using var response = await http.PostAsync(TokenEndpoint, new FormUrlEncodedContent(form), Cancellation);
        return new TokenResponse(response.StatusCode, await ReadJsonAsync(response));
    }

    public async Task<JsonElement> IntrospectAsync(string token, string clientId = "gateway")
    {
        using var http = NewHttpClient();
        using var response = await http.PostAsync($"{Authority}/protocol/openid-connect/token/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["client_id"] = clientId,
            ["client_secret"] = SecretOf(clientId),
        }), Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"introspection answered {(int)response.StatusCode}");
        return await ReadJsonAsync(response);
    }

    public async Task<HttpStatusCode> RevokeAsync(string clientId, string token, string tokenTypeHint)
    {
        using var http = NewHttpClient();
        using var response = await http.PostAsync($"{Authority}/protocol/openid-connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["token_type_hint"] = tokenTypeHint,
            ["client_id"] = clientId,
            ["client_secret"] = SecretOf(clientId),
        }), Cancellation);
        return response.StatusCode;
    }

    /// <summary>Userinfo with the token in the Authorization header: by GET, or by POST with no body and no Content-Type.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> UserInfoAsync(string accessToken, HttpMethod? method = null)
    {
        using var http = NewHttpClient();
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, $"{Authority}/protocol/openid-connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, Cancellation);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    public async Task<JsonElement> DiscoveryAsync()
    {
        using var http = NewHttpClient();
        return await http.GetFromJsonAsync<JsonElement>($"{Authority}/.well-known/openid-configuration", Cancellation);
    }

    public async Task<JsonElement> JwksAsync()
    {
        using var http = NewHttpClient();
        var discovery = await DiscoveryAsync();
        return await http.GetFromJsonAsync<JsonElement>(discovery.GetProperty("jwks_uri").GetString(), Cancellation);
    }

    /// <summary>The kids the JWKS publishes now.</summary>
    public async Task<IReadOnlyList<string>> PublishedKeyIdsAsync() =>
        [.. (await JwksAsync()).GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];

    /// <summary>
    /// Whether the JWT's RS256 signature verifies with the key its kid names in the JWKS published right now, the way
    /// every service checks it. False when the kid is no longer published or the signature does not match.
    /// </summary>
    public async Task<bool> VerifiesAgainstJwksAsync(string jwt)
    {
        var parts = jwt.Split('.');
        var header = Jwt.Header(jwt);
        if (parts.Length != 3 || header.GetProperty("alg").GetString() != "RS256")
        {
            return false;
        }
        var kid = header.GetProperty("kid").GetString();
        var key = (await JwksAsync()).GetProperty("keys").EnumerateArray().FirstOrDefault(k => k.GetProperty("kid").GetString() == kid);
        if (key.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Jwt.Base64UrlDecode(key.GetProperty("n").GetString()!),
            Exponent = Jwt.Base64UrlDecode(key.GetProperty("e").GetString()!),
        });
        return rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Jwt.Base64UrlDecode(parts[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>
    /// The storefront's sign-in: the browser goes to the authorize URL, gets the login page, posts the credentials,
    /// follows the redirects back to the storefront's redirect URI with a code, which the storefront redeems with its
    /// PKCE verifier. <paramref name="tamperVerifier"/> redeems with a different verifier, as an attacker who stole the code would.
    /// </summary>
    public async Task<BrowserSignIn> SignInAtStorefrontAsync(string user, string password, string scope = UserScopes, bool tamperVerifier = false)
    {
        var (code, verifier, cookies) = await AuthorizeAsync(user, password, scope);
        var tokens = await RedeemCodeAsync(code, tamperVerifier ? Jwt.Base64Url(RandomNumberGenerator.GetBytes(32)) : verifier);
        return new BrowserSignIn(tokens, cookies);
    }

    /// <summary>The browser half of the code flow: returns the authorization code the provider redirects back with.</summary>
    /// <remarks>
    /// <paramref name="cookies"/> is a browser that may already hold a session; the login page must show all the same
    /// (a fresh browser, or a request such as <c>max_age</c> that asks to sign in again). <paramref name="extraQuery"/>
    /// is appended to the authorize URL as is (e.g. <c>&amp;max_age=1</c>).
    /// </remarks>
    public async Task<(string Code, string Verifier, CookieContainer Cookies)> AuthorizeAsync(string user, string password, string scope = UserScopes,
        CookieContainer? cookies = null, string extraQuery = "")
    {
        var verifier = Jwt.Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Jwt.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Jwt.Base64Url(RandomNumberGenerator.GetBytes(16));
        cookies ??= new CookieContainer();
        using var browser = NewHttpClient(cookies);

        using var loginPage = await browser.GetAsync(AuthorizeUrl(scope, state, challenge) + extraQuery, Cancellation);
        Assert.Equal(HttpStatusCode.OK, loginPage.StatusCode);
        var action = LoginFormAction(await loginPage.Content.ReadAsStringAsync(Cancellation));
        using var login = await browser.PostAsync(new Uri(new Uri(Authority), action), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = user,
            ["password"] = password,
        }), Cancellation);
        Assert.True(login.Headers.Location is not null, $"the login page did not accept the credentials ({(int)login.StatusCode})");

        // Back to the authorize URL with the session cookie, which redirects to the storefront with the code.
        using var authorized = await browser.GetAsync(new Uri(new Uri(Authority), login.Headers.Location), Cancellation);
        var callback = authorized.Headers.Location;
        Assert.True(callback is not null && callback.ToString().StartsWith(StorefrontRedirectUri, StringComparison.Ordinal),
            $"the provider did not redirect to the storefront's redirect URI ({(int)authorized.StatusCode})");
        var query = QueryParameters(callback);
        Assert.Equal(state, query.GetValueOrDefault("state"));
        Assert.True(query.ContainsKey("code"), $"no code in the redirect: {query.GetValueOrDefault("error")}");
        return (query["code"], verifier, cookies);
    }

    public Task<TokenResponse> RedeemCodeAsync(string code, string verifier) =>
        TokenAsync("storefront", new()
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = StorefrontRedirectUri,
            ["code_verifier"] = verifier,
        });

    public string AuthorizeUrl(string scope, string state, string? challenge) =>
        $"{Authority}/protocol/openid-connect/auth?client_id=storefront&response_type=code" +
        $"&scope={Uri.EscapeDataString(scope)}&redirect_uri={Uri.EscapeDataString(StorefrontRedirectUri)}&state={state}&nonce={state}" +
        (challenge is null ? "" : $"&code_challenge={challenge}&code_challenge_method=S256");

    public static HttpClient NewHttpClient(CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() });

    public static Dictionary<string, string> QueryParameters(Uri uri) => FormParameters(uri.Query.TrimStart('?'));

    /// <summary>What an authorization response carries: the query's parameters, or the fragment's (implicit-style responses).</summary>
    public static Dictionary<string, string> ResponseParameters(Uri uri) =>
        uri.Fragment.Length > 1 ? FormParameters(uri.Fragment.TrimStart('#')) : QueryParameters(uri);

    private static Dictionary<string, string> FormParameters(string encoded) =>
        encoded.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "");

    private static string LoginFormAction(string html)
    {
        var match = LoginForm().Match(html);
        Assert.True(match.Success, "the authorize URL did not show the login form");
        return WebUtility.HtmlDecode(match.Groups["action"].Value);
    }

    private static Dictionary<string, string> WithOptional(Dictionary<string, string> form, string name, string? value)
    {
        if (value is not null)
        {
            form[name] = value;
        }
        return form;
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        try
        {
            return string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            Assert.Fail($"{response.RequestMessage?.RequestUri?.AbsolutePath} answered {(int)response.StatusCode} with a body that is not JSON");
            throw;
        }
    }

    [GeneratedRegex("<form[^>]*\\baction=\"(?<action>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex LoginForm();
}

/// <summary>Reads a JWT's parts (no validation: that is <see cref="ProtocolClient.VerifiesAgainstJwksAsync"/>).</summary>
internal static class Jwt
{
    public static bool LooksLikeJwt(string token) => token.Split('.').Length == 3;

    public static JsonElement Header(string jwt) => Part(jwt, 0);

    public static JsonElement Payload(string jwt) => Part(jwt, 1);

    private static JsonElement Part(string jwt, int index)
    {
        Assert.True(LooksLikeJwt(jwt), "expected a JWT (three dot-separated parts)");
        return JsonDocument.Parse(Base64UrlDecode(jwt.Split('.')[index])).RootElement.Clone();
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    public static IReadOnlyList<string> Audiences(JsonElement payload) => payload.GetProperty("aud") switch
    {
        { ValueKind: JsonValueKind.String } single => [single.GetString()!],
        var many => [.. many.EnumerateArray().Select(a => a.GetString()!)],
    };

    public static IReadOnlyList<string> Scopes(JsonElement payload) =>
        payload.TryGetProperty("scope", out var scope) ? scope.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];

    public static IReadOnlyList<string> RealmRoles(JsonElement payload) =>
        [.. payload.GetProperty("realm_access").GetProperty("roles").EnumerateArray().Select(r => r.GetString()!)];
}
