using Microsoft.IdentityModel.Tokens;

namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>
/// Short, stable reasons for a refused token (spans, metrics, notifications), and the fixed RFC 6750
/// <c>error_description</c> for each: chosen by reason, never built from the token, a claim or a key id.
/// </summary>
public static class TokenRejectionReason
{
    public const string Oversized = "oversized";
    public const string Malformed = "malformed";
    public const string Encrypted = "encrypted";
    public const string Nested = "nested";
    public const string CritUnsupported = "crit_unsupported";
    public const string NumericDateInvalid = "numeric_date_invalid";
    public const string AlgorithmNotAllowed = "algorithm_not_allowed";
    public const string NoIssuedAt = "no_iat";
    public const string IssuedInFuture = "iat_in_future";
    public const string LifetimeTooLong = "lifetime_too_long";
    public const string NoSubject = "no_sub";
    public const string NoTokenId = "no_jti";
    public const string NoClient = "no_client";
    public const string ClaimTooLong = "claim_too_long";
    public const string NotAnAccessToken = "not_access_token";
    /// <summary>Not a refusal: the token cannot be verified now (<see cref="SigningKeysUnavailableException"/>).</summary>
    public const string KeysUnavailable = "keys_unavailable";

    public static string From(Exception? failure) => failure switch
    {
        TokenRefusedException refused => refused.Reason,
        SigningKeysUnavailableException => KeysUnavailable,
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not_yet_valid",
        SecurityTokenInvalidAudienceException => "invalid_audience",
        SecurityTokenInvalidIssuerException => "invalid_issuer",
        SecurityTokenInvalidAlgorithmException => AlgorithmNotAllowed,
        SecurityTokenSignatureKeyNotFoundException => "unknown_key",
        SecurityTokenInvalidSignatureException => "invalid_signature",
        SecurityTokenInvalidTypeException => "invalid_type",
        SecurityTokenMalformedException => Malformed,
        SecurityTokenNoExpirationException => "no_expiration",
        _ => "invalid",
    };

    public static string Describe(string reason) => reason switch
    {
        "expired" => "The access token expired",
        "not_yet_valid" => "The access token is not valid yet",
        "invalid_issuer" => "The access token was issued by an untrusted issuer",
        "invalid_audience" => "The access token is not meant for this audience",
        AlgorithmNotAllowed => "The access token is signed with an algorithm that is not allowed",
        "unknown_key" => "The access token is signed with an unknown key",
        KeysUnavailable => SigningKeysUnavailableException.Message,
        "invalid_signature" => "The access token signature is invalid",
        "invalid_type" => "The access token has the wrong type",
        NotAnAccessToken => "The token is not an access token",
        Malformed => "The access token is malformed",
        Oversized => "The access token is too large",
        Encrypted => "Encrypted tokens are not accepted",
        Nested => "Nested tokens are not accepted",
        CritUnsupported => "The access token names critical header parameters that are not supported",
        NumericDateInvalid => "The access token has a time claim that is not a number",
        "no_expiration" => "The access token has no expiry",
        NoIssuedAt => "The access token has no issue time",
        IssuedInFuture => "The access token is issued in the future",
        LifetimeTooLong => "The access token lives longer than allowed",
        NoSubject => "The access token has no subject",
        NoTokenId => "The access token has no identifier",
        NoClient => "The access token names no client",
        ClaimTooLong => "The access token has a claim that is too long",
        "revoked" => "The access token has been revoked",
        "inactive" => "The access token is not active",
        _ => "The access token is invalid",
    };
}
