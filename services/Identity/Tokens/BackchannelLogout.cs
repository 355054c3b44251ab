using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using TokenJourney.Identity.Keys;
using TokenJourney.Identity.Realm;

namespace TokenJourney.Identity.Tokens;

/// <summary>
/// OIDC Back-Channel Logout 1.0: a signed logout_token POSTed to each client that declares a backchannel URL; the same
/// URL gets the token-revoked security events.
/// </summary>
public sealed class BackchannelLogout(RealmModel realm, IOptionsMonitor<OpenIddictServerOptions> server, SigningKeyRing keys,
    IOptions<IdentityProviderOptions> options, IHttpClientFactory httpClients, ILogger<BackchannelLogout> logger)
{
    public const string TokenRevokedEvent = "https://schemas.openid.net/secevent/oauth/event-type/token-revoked";

    public async Task NotifyAsync(string subject, string? sid, CancellationToken cancellation)
    {
        foreach (var client in realm.Clients.Values)
        {
            if (client.BackchannelLogoutUrl is not { } uri)
            {
                continue;
            }
            var claims = new Dictionary<string, object>
            {
                ["jti"] = Guid.NewGuid().ToString(),
                ["sub"] = subject,
                ["events"] = new Dictionary<string, object> { ["http://schemas.openid.net/event/backchannel-logout"] = new Dictionary<string, object>() },
            };
            if (sid is not null) claims["sid"] = sid;
            var token = Sign(client.ClientId, claims, "logout+jwt");
            await PostAsync(client.ClientId, "Back-channel logout", uri, new FormUrlEncodedContent([new("logout_token", token)]), cancellation);
        }
    }

    /// <summary>
    /// An access token revoked here (RFC 7009) is announced to the same back-channel URLs as a Security Event Token
    /// pushed as RFC 8935 delivers it, with the OAuth token-revoked event naming the token by its SHA-256 only: a
    /// gateway that cached what the token resolved to learns at once that it no longer stands.
    /// </summary>
    public async Task AnnounceRevokedAccessTokenAsync(string accessToken, CancellationToken cancellation)
    {
        var hash = Base64UrlEncoder.Encode(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(accessToken)));
        foreach (var client in realm.Clients.Values)
        {
            if (client.BackchannelLogoutUrl is not { } uri)
            {
                continue;
            }
            var token = Sign(client.ClientId, new Dictionary<string, object>
            {
                ["jti"] = Guid.NewGuid().ToString(),
                ["events"] = new Dictionary<string, object>
                {
                    [TokenRevokedEvent] = new Dictionary<string, object>
                    {
                        ["subject"] = new Dictionary<string, object>
                        {
                            ["subject_type"] = "oauth_token",
                            ["token_type"] = "access_token",
                            ["token_identifier_alg"] = "hash_256",
                            ["token"] = hash,
                        },
                    },
                },
            }, "secevent+jwt");
            var content = new StringContent(token);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/secevent+jwt");
            await PostAsync(client.ClientId, "Token revocation event", uri, content, cancellation);
        }
    }

    private string Sign(string audience, Dictionary<string, object> claims, string type)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Authority.TrimEnd('/'),
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(2),
            Claims = claims,
            TokenType = type,
            SigningCredentials = PublicTokensAreSignedWithTheActiveKey.ActiveKey(server.CurrentValue, keys),
        });
    }

    private async Task PostAsync(string clientId, string what, Uri uri, HttpContent content, CancellationToken cancellation)
    {
        try
        {
            using var http = httpClients.CreateClient(nameof(BackchannelLogout));
            using var response = await http.PostAsync(uri, content, cancellation);
            logger.LogInformation("{What} to {ClientId}: {Status}", what, clientId, (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("{What} to {ClientId} failed: {Reason}", what, clientId, e.Message);
        }
        finally
        {
            content.Dispose();
        }
    }
}
