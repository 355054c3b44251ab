using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace TokenJourney.Storefront.SignIn;

/// <summary>
/// The Storefront's conversations with the identity provider: discovery, the authorization request,
/// code redemption (with the PKCE verifier) and refresh. Endpoints come from the discovery document,
/// so the same code talks to Keycloak or the built-in provider.
/// </summary>
public sealed class IdentityProviderClient
{
    private readonly HttpClient _http;
    private readonly IdentityClientOptions _options;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _configuration;

    public IdentityProviderClient(HttpClient http, IOptions<IdentityClientOptions> options)
    {
        _http = http;
        _options = options.Value;
        var authority = _options.Authority.TrimEnd('/');
        _configuration = new ConfigurationManager<OpenIdConnectConfiguration>(
            $"{authority}/.well-known/openid-configuration",
            new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(http) { RequireHttps = new Uri(authority).Scheme == Uri.UriSchemeHttps })
        {
            // A new signing key (rotation) is picked up within seconds of the first token signed with it.
            RefreshInterval = TimeSpan.FromSeconds(10),
        };
    }

    public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancellationToken) =>
        _configuration.GetConfigurationAsync(cancellationToken);

    /// <summary>Forces the next <see cref="GetConfigurationAsync"/> to refetch (e.g. an ID token signed with an unknown key).</summary>
    public void RefreshConfiguration() => _configuration.RequestRefresh();

    public async Task<Uri> AuthorizationUrlAsync(Uri redirectUri, string state, string nonce, string codeChallenge, CancellationToken cancellationToken)
    {
        var configuration = await GetConfigurationAsync(cancellationToken);
        return WithQuery(configuration.AuthorizationEndpoint, new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = _options.ClientId,
            ["redirect_uri"] = redirectUri.ToString(),
            ["scope"] = _options.Scope,
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = "S256",
        });
    }

    public async Task<Uri?> EndSessionUrlAsync(string? idTokenHint, Uri postLogoutRedirectUri, CancellationToken cancellationToken)
    {
        var configuration = await GetConfigurationAsync(cancellationToken);
        if (string.IsNullOrEmpty(configuration.EndSessionEndpoint))
        {
            return null;
        }
        var query = new Dictionary<string, string>
        {
            ["client_id"] = _options.ClientId,
            ["post_logout_redirect_uri"] = postLogoutRedirectUri.ToString(),
        };
        if (idTokenHint is not null)
        {
            query["id_token_hint"] = idTokenHint;
        }
        return WithQuery(configuration.EndSessionEndpoint, query);
    }

    public Task<TokenResponse> RedeemCodeAsync(string code, Uri redirectUri, string codeVerifier, CancellationToken cancellationToken) =>
        PostToTokenEndpointAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.ToString(),
            ["code_verifier"] = codeVerifier,
        }, cancellationToken);

    /// <summary>Refresh-token grant. With rotation the answer carries a new refresh token; the old one is spent.</summary>
    public Task<TokenResponse> RefreshAsync(string refreshToken, CancellationToken cancellationToken) =>
        PostToTokenEndpointAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
        }, cancellationToken);

    /// <summary>Best effort RFC 7009 revocation at sign-out, so a copied refresh token dies with the session.</summary>
    public async Task RevokeAsync(string token, string tokenTypeHint, CancellationToken cancellationToken)
    {
        var configuration = await GetConfigurationAsync(cancellationToken);
        var endpoint = configuration.AdditionalData.TryGetValue("revocation_endpoint", out var value) ? value as string : null;
        if (endpoint is null)
        {
            return;
        }
        using var response = await _http.PostAsync(endpoint, ClientForm(new Dictionary<string, string>
        {
            ["token"] = token,
            ["token_type_hint"] = tokenTypeHint,
        }), cancellationToken);
    }

    private async Task<TokenResponse> PostToTokenEndpointAsync(Dictionary<string, string> form, CancellationToken cancellationToken)
    {
        var configuration = await GetConfigurationAsync(cancellationToken);
        using var response = await _http.PostAsync(configuration.TokenEndpoint, ClientForm(form), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorFromAsync(response, cancellationToken);
        }
        var tokens = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken);
        return tokens is { AccessToken.Length: > 0 }
            ? tokens
            : throw new IdentityProviderException("invalid_response", "the token response had no access_token", (int)response.StatusCode);
    }

    /// <summary>client_secret_post: accepted by Keycloak and OpenIddict alike.</summary>
    private FormUrlEncodedContent ClientForm(Dictionary<string, string> form)
    {
        form["client_id"] = _options.ClientId;
        form["client_secret"] = _options.ClientSecret;
        return new FormUrlEncodedContent(form);
    }

    private static async Task<IdentityProviderException> ErrorFromAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var error = body.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
            var description = body.RootElement.TryGetProperty("error_description", out var d) ? d.GetString() : null;
            return new IdentityProviderException(error ?? "http_" + status, description, status);
        }
        catch (JsonException)
        {
            return new IdentityProviderException("http_" + status, null, status);
        }
    }

    private static Uri WithQuery(string endpoint, IReadOnlyDictionary<string, string> query)
    {
        var separator = endpoint.Contains('?') ? "&" : "?";
        return new Uri(endpoint + separator + string.Join("&", query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")));
    }
}
