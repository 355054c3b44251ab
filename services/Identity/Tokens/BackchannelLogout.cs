using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using TokenJourney.Identity.Keys;
using TokenJourney.Identity.Realm;

namespace TokenJourney.Identity.Tokens;

/// <summary>OIDC Back-Channel Logout 1.0: a signed logout_token POSTed to each client that declares a backchannel URL.</summary>
public sealed class BackchannelLogout(RealmModel realm, IOptionsMonitor<OpenIddictServerOptions> server, SigningKeyRing keys,
    IOptions<IdentityProviderOptions> options, IHttpClientFactory httpClients, ILogger<BackchannelLogout> logger)
{
    public async Task NotifyAsync(string subject, string? sid, CancellationToken cancellation)
    {
        foreach (var client in realm.Clients.Values)
        {
            if (client.BackchannelLogoutUrl is not { } uri)
            {
                continue;
            }
            var now = DateTime.UtcNow;
            var claims = new Dictionary<string, object>
            {
                ["jti"] = Guid.NewGuid().ToString(),
                ["sub"] = subject,
                ["events"] = new Dictionary<string, object> { ["http://schemas.openid.net/event/backchannel-logout"] = new Dictionary<string, object>() },
            };
            if (sid is not null) claims["sid"] = sid;
            var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = options.Value.Authority.TrimEnd('/'),
                Audience = client.ClientId,
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddMinutes(2),
                Claims = claims,
                TokenType = "logout+jwt",
                SigningCredentials = PublicTokensAreSignedWithTheActiveKey.ActiveKey(server.CurrentValue, keys),
            });
            try
            {
                using var http = httpClients.CreateClient(nameof(BackchannelLogout));
                using var response = await http.PostAsync(uri, new FormUrlEncodedContent([new("logout_token", token)]), cancellation);
                logger.LogInformation("Back-channel logout to {ClientId}: {Status}", client.ClientId, (int)response.StatusCode);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                logger.LogWarning("Back-channel logout to {ClientId} failed: {Reason}", client.ClientId, e.Message);
            }
        }
    }
}
