namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>
/// What an access token must say beyond a valid signature, issuer, audience and expiry (RFC 9068 §2.2, RFC 7519):
/// an issue time not in the future and a lifetime within the configured bound, a subject, an identifier (the
/// deny-list keys on it), the client it was issued to, and, for a token typed plain <c>JWT</c>, Keycloak's
/// <c>"typ": "Bearer"</c> (an ID or refresh token of the same realm is typed JWT too).
/// </summary>
public static class AccessTokenClaims
{
    public const string KeycloakAccessTokenType = "Bearer";

    /// <returns>Null when the claims are acceptable; otherwise a <see cref="TokenRejectionReason"/>.</returns>
    public static string? Check(JwsFacts token, TokenValidationOptions options, TimeSpan clockSkew, DateTimeOffset now)
    {
        var typedJwt = !string.Equals(token.HeaderType, "at+jwt", StringComparison.OrdinalIgnoreCase) &&
            !string.Equals(token.HeaderType, "application/at+jwt", StringComparison.OrdinalIgnoreCase);
        if ((typedJwt || token.PayloadType is not null) &&
            !string.Equals(token.PayloadType, KeycloakAccessTokenType, StringComparison.OrdinalIgnoreCase))
        {
            return TokenRejectionReason.NotAnAccessToken;
        }
        if (token.IssuedAt is not { } issuedAt)
        {
            return TokenRejectionReason.NoIssuedAt;
        }
        if (issuedAt > (now + clockSkew).ToUnixTimeSeconds())
        {
            return TokenRejectionReason.IssuedInFuture;
        }
        if (token.Expires is { } expires && expires - issuedAt > options.MaxLifetime.TotalSeconds)
        {
            return TokenRejectionReason.LifetimeTooLong;
        }
        return Identifier(token.Subject, TokenRejectionReason.NoSubject, options)
            ?? Identifier(token.TokenId, TokenRejectionReason.NoTokenId, options)
            ?? Identifier(token.Client, TokenRejectionReason.NoClient, options);
    }

    private static string? Identifier(string? value, string missing, TokenValidationOptions options) =>
        string.IsNullOrWhiteSpace(value) ? missing
        : value.Length > options.MaxIdentifierLength ? TokenRejectionReason.ClaimTooLong
        : null;
}
