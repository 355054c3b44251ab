using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using TokenJourney.Gateway.Tokens;

namespace TokenJourney.Gateway.Revocation;

/// <summary>
/// A Security Event Token (RFC 8417) the IdP pushes (RFC 8935) when it revokes an access token: signed by the IdP,
/// iss = authority, aud = our client id, typ <c>secevent+jwt</c>, carrying the OAuth token-revoked event whose subject
/// names the token by its SHA-256 (<c>hash_256</c>, base64url). Yields the hash as this gateway keys its caches.
/// </summary>
public sealed class TokenRevokedEventValidator(JwtTokenValidator validator, string clientId)
{
    public const string TokenRevokedEvent = "https://schemas.openid.net/secevent/oauth/event-type/token-revoked";

    public async Task<(string? TokenHash, string Reason)> ValidateAsync(string securityEvent, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateOtherJwtAsync(securityEvent, clientId, ["secevent+jwt"], cancellationToken);
        if (!result.IsValid)
        {
            return (null, result.Reason);
        }
        if (!result.Token!.TryGetPayloadValue<JsonElement>("events", out var events) || events.ValueKind != JsonValueKind.Object ||
            !events.TryGetProperty(TokenRevokedEvent, out var revoked) || revoked.ValueKind != JsonValueKind.Object ||
            !revoked.TryGetProperty("subject", out var subject) || subject.ValueKind != JsonValueKind.Object)
        {
            return (null, "no_revocation_event");
        }
        if (Text(subject, "subject_type") != "oauth_token" || Text(subject, "token_type") != "access_token" ||
            Text(subject, "token_identifier_alg") != "hash_256" || Text(subject, "token") is not { } hash)
        {
            return (null, "unsupported_subject");
        }
        byte[] digest;
        try
        {
            digest = Base64UrlEncoder.DecodeBytes(hash);
        }
        catch (FormatException)
        {
            return (null, "unsupported_subject");
        }
        return digest.Length == 32 ? (Convert.ToHexStringLower(digest), "ok") : (null, "unsupported_subject");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
