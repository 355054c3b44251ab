using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using TokenJourney.Gateway.Tokens;

namespace TokenJourney.Gateway.Revocation;

/// <summary>
/// OIDC Back-Channel Logout 1.0 §2.6: signed by the IdP, iss = authority, aud = our client id, iat present,
/// exp honoured when present, the back-channel logout event, no nonce, and a sid (this gateway revokes sessions;
/// a sub-only token is refused, see README).
/// </summary>
public sealed class LogoutTokenValidator(JwtTokenValidator validator, string clientId)
{
    public const string BackchannelLogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    public async Task<(LogoutToken? Token, string Reason)> ValidateAsync(string? logoutToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(logoutToken))
        {
            return (null, "missing");
        }
        var result = await validator.ValidateOtherJwtAsync(logoutToken, clientId, ["logout+jwt", "JWT"], cancellationToken);
        if (!result.IsValid)
        {
            return (null, result.Reason);
        }

        var token = result.Token!;
        if (!token.TryGetPayloadValue<long>("iat", out _))
        {
            return (null, "no_iat");
        }
        if (token.TryGetPayloadValue<object>("nonce", out _))
        {
            return (null, "nonce_present");
        }
        if (!HasLogoutEvent(token))
        {
            return (null, "no_logout_event");
        }
        var sid = Claim(token, "sid");
        if (sid is null)
        {
            return (null, "no_sid");
        }
        return (new LogoutToken(sid, Claim(token, "sub"), Claim(token, "jti")), "ok");
    }

    private static bool HasLogoutEvent(JsonWebToken token)
    {
        if (!token.TryGetPayloadValue<JsonElement>("events", out var events) || events.ValueKind != JsonValueKind.Object)
        {
            return false;
        }
        return events.TryGetProperty(BackchannelLogoutEvent, out var evt) && evt.ValueKind == JsonValueKind.Object;
    }

    private static string? Claim(JsonWebToken token, string name) =>
        token.TryGetPayloadValue<object>(name, out var value) && value?.ToString() is { Length: > 0 } text ? text : null;
}
