using Microsoft.IdentityModel.Tokens;

namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>Maps validation failures to short, stable reasons for spans, metrics and notifications.</summary>
public static class TokenRejectionReason
{
    public static string From(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not_yet_valid",
        SecurityTokenInvalidAudienceException => "invalid_audience",
        SecurityTokenInvalidIssuerException => "invalid_issuer",
        SecurityTokenInvalidAlgorithmException => "algorithm_not_allowed",
        SecurityTokenSignatureKeyNotFoundException => "unknown_key",
        SecurityTokenInvalidSignatureException => "invalid_signature",
        SecurityTokenInvalidTypeException => "invalid_type",
        SecurityTokenMalformedException => "malformed",
        SecurityTokenNoExpirationException => "no_expiration",
        null => "invalid",
        _ => "invalid",
    };
}
