using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Gateway.Tokens;

public sealed record JwtValidation(bool IsValid, string Reason, JsonWebToken? Token)
{
    public static JwtValidation Invalid(string reason) => new(false, reason, null);
}

/// <summary>
/// Verifies a JWT with the service-wide rules (<see cref="TokenValidationExtensions.CreateParameters"/>: issuer,
/// audience, lifetime with a small skew, asymmetric algorithm allow-list, typ) against the cached JWKS.
/// The algorithm is checked before any key lookup, so <c>alg: none</c> or HS256-with-the-public-key never reaches
/// the crypto code, and a token naming an unknown <c>kid</c> is refused rather than tried against every key.
/// </summary>
public sealed class JwtTokenValidator(JwksKeyCache keys, TokenValidationParameters rules)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly HashSet<string> _algorithms = rules.ValidAlgorithms?.ToHashSet(StringComparer.Ordinal) ?? [];

    public async Task<JwtValidation> ValidateAsync(string jwt, string audience, CancellationToken cancellationToken, Action<TokenValidationParameters>? adjust = null)
    {
        JsonWebToken parsed;
        try
        {
            if (!_handler.CanReadToken(jwt))
            {
                return JwtValidation.Invalid("malformed");
            }
            parsed = _handler.ReadJsonWebToken(jwt);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException or System.Text.Json.JsonException)
        {
            return JwtValidation.Invalid("malformed");
        }

        if (parsed.IsEncrypted)
        {
            return JwtValidation.Invalid("malformed");
        }
        if (!_algorithms.Contains(parsed.Alg))
        {
            return JwtValidation.Invalid("algorithm_not_allowed");
        }

        var signingKeys = await keys.GetKeysAsync(parsed.Kid, cancellationToken);
        if (signingKeys.Count == 0)
        {
            return JwtValidation.Invalid("keys_unavailable");
        }

        var parameters = rules.Clone();
        parameters.ValidAudience = audience;
        parameters.ValidAudiences = null;
        parameters.IssuerSigningKeys = signingKeys;
        parameters.TryAllIssuerSigningKeys = false;
        parameters.ConfigurationManager = null;
        adjust?.Invoke(parameters);

        var result = await _handler.ValidateTokenAsync(parsed, parameters);
        return result.IsValid
            ? new JwtValidation(true, "ok", parsed)
            : JwtValidation.Invalid(TokenRejectionReason.From(result.Exception));
    }
}
