using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Gateway;

/// <summary>Gets real tokens from the running IdP the way its clients do: password grant (journey-tests) and
/// authorization code + PKCE through the login form (storefront, which receives opaque access tokens).</summary>
internal sealed partial class IdentityProviderClient(TokenJourneyFixture app)
{
    private string TokenEndpoint => $"{app.Authority}/protocol/openid-connect/token";

    /// <summary>A JWT access token for client journey-tests (aud gateway + orders, 15 s lifespan).</summary>
    public async Task<string> PasswordGrantAsync(string user, string password, CancellationToken cancellation)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "journey-tests",
            ["client_secret"] = "journey-tests-secret",
            ["username"] = user,
            ["password"] = password,
            ["scope"] = "openid orders:read orders:write",
        }), cancellation);
        Assert.True(response.IsSuccessStatusCode, $"password grant for {user}: {(int)response.StatusCode}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellation);
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>Signs in at the IdP's login page as the storefront does and redeems the code: an opaque access token.</summary>
    public async Task<string> StorefrontOpaqueTokenAsync(string user, string password, CancellationToken cancellation)
    {
        var redirectUri = new Uri(app.Endpoint("storefront"), "/signin-oidc").ToString();
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true });
        var start = new Uri($"{app.Authority}/protocol/openid-connect/auth?client_id=storefront&response_type=code" +
            $"&scope={Uri.EscapeDataString("openid orders:read orders:write")}&redirect_uri={Uri.EscapeDataString(redirectUri)}" +
            $"&state={state}&nonce={state}&code_challenge={challenge}&code_challenge_method=S256");
        var back = await SignInAsync(http, start, redirectUri, user, password, cancellation);
        var code = Regex.Match(back.Query, "[?&]code=([^&]+)").Groups[1].Value;
        return await RedeemAsync(Uri.UnescapeDataString(code), redirectUri, verifier, cancellation);
    }

    /// <summary>
    /// Follows an authorization request from <paramref name="start"/> through the provider's login (and consent) form
    /// as a browser does, with <paramref name="http"/>'s cookies, until a redirect to <paramref name="redirectUri"/>;
    /// returns that redirect (it carries the code).
    /// </summary>
    public async Task<Uri> SignInAsync(HttpClient http, Uri start, string redirectUri, string user, string password, CancellationToken cancellation)
    {
        var next = start;
        HttpContent? form = null;
        for (var hop = 0; hop < 15; hop++)
        {
            using var response = form is null ? await http.GetAsync(next, cancellation) : await http.PostAsync(next, form, cancellation);
            form = null;
            if (response.Headers.Location is { } location)
            {
                next = location.IsAbsoluteUri ? location : new Uri(next, location);
                if (next.ToString().StartsWith(redirectUri, StringComparison.Ordinal))
                {
                    return next;
                }
                continue;
            }
            var html = await response.Content.ReadAsStringAsync(cancellation);
            var formMatch = FormRegex().Match(html);
            Assert.True(formMatch.Success, $"no login or consent form at {next.GetLeftPart(UriPartial.Path)} ({(int)response.StatusCode})");
            var fields = new Dictionary<string, string>();
            foreach (Match input in InputRegex().Matches(formMatch.Groups["body"].Value))
            {
                var name = Attribute(input.Value, "name");
                if (name is null) continue;
                var type = Attribute(input.Value, "type") ?? "text";
                if (type is "submit" or "button")
                {
                    if (!fields.ContainsKey(name) && (Attribute(input.Value, "value") ?? "") is var v && v is "accept" or "yes" or "allow" or "") fields[name] = v;
                    continue;
                }
                fields[name] = name switch { "username" => user, "password" => password, _ => WebUtility.HtmlDecode(Attribute(input.Value, "value") ?? "") };
            }
            var action = WebUtility.HtmlDecode(formMatch.Groups["action"].Value);
            next = string.IsNullOrEmpty(action) ? next : new Uri(next, action);
            form = new FormUrlEncodedContent(fields);
        }
        throw new InvalidOperationException($"The sign-in did not come back to {redirectUri}.");
    }

    private async Task<string> RedeemAsync(string code, string redirectUri, string verifier, CancellationToken cancellation)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = "storefront",
            ["client_secret"] = "storefront-secret",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier,
        }), cancellation);
        Assert.True(response.IsSuccessStatusCode, $"code redemption: {(int)response.StatusCode}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellation);
        return body.GetProperty("access_token").GetString()!;
    }

    /// <summary>The IdP's published keys (kid and RSA public key), as an attacker sees them.</summary>
    public async Task<(string Kid, RSA PublicKey)> CurrentSigningKeyAsync(CancellationToken cancellation)
    {
        using var http = new HttpClient();
        var discovery = await http.GetFromJsonAsync<JsonElement>($"{app.Authority}/.well-known/openid-configuration", cancellation);
        var jwks = await http.GetFromJsonAsync<JsonElement>(discovery.GetProperty("jwks_uri").GetString(), cancellation);
        var key = jwks.GetProperty("keys").EnumerateArray().First(k => k.GetProperty("kty").GetString() == "RSA");
        var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Base64UrlDecode(key.GetProperty("n").GetString()!),
            Exponent = Base64UrlDecode(key.GetProperty("e").GetString()!),
        });
        return (key.GetProperty("kid").GetString()!, rsa);
    }

    public async Task RotateSigningKeyAsync(string supportToken, CancellationToken cancellation)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{app.Authority}/admin/keys/rotate");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", supportToken);
        using var response = await http.SendAsync(request, cancellation);
        Assert.True(response.IsSuccessStatusCode, $"key rotation: {(int)response.StatusCode}");
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"\\b{name}\\s*=\\s*(\"([^\"]*)\"|'([^']*)')", RegexOptions.IgnoreCase);
        return match.Success ? (match.Groups[2].Success ? match.Groups[2].Value : match.Groups[3].Value) : null;
    }

    [GeneratedRegex("<form[^>]*?action\\s*=\\s*[\"'](?<action>[^\"']*)[\"'][^>]*>(?<body>.*?)</form>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex FormRegex();

    [GeneratedRegex("<(input|button)\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputRegex();
}
