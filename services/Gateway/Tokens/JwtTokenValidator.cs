using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Gateway.Tokens;

public sealed record JwtValidation(bool IsValid, string Reason, JsonWebToken? Token)
{
    public static JwtValidation Invalid(string reason) => new(false, reason, null);
}

/// <summary>
/// Verifies a JWT at the edge with the validator every service runs (<see cref="StrictJwtHandler"/>: strict compact
/// serialization, crit, NumericDate, algorithm pinned per key, issuer, audience, lifetime, typ and the access-token
/// claims) against the cached JWKS. The token is read strictly and its algorithm checked against the allow-list
/// before any key lookup, so <c>alg: none</c>, HS256-with-the-public-key or a JWE never reach the key cache, and a
/// token naming an unknown <c>kid</c> is refused rather than tried against every key.
/// </summary>
public sealed class JwtTokenValidator
{
    private readonly JwksKeyCache _keys;
    private readonly TokenValidationOptions _options;
    private readonly TokenValidationParameters _rules;
    private readonly StrictJwtHandler _accessTokens;
    private readonly StrictJwtHandler _otherTokens;

    public JwtTokenValidator(JwksKeyCache keys, TokenValidationOptions options, TimeProvider? time = null)
    {
        _keys = keys;
        _options = options;
        _rules = TokenValidationExtensions.CreateParameters(options);
        _accessTokens = new StrictJwtHandler(options, time ?? TimeProvider.System);
        _otherTokens = new StrictJwtHandler(options, time ?? TimeProvider.System, accessTokens: false);
    }

    /// <summary>An access token for <paramref name="audience"/>.</summary>
    public Task<JwtValidation> ValidateAsync(string jwt, string audience, CancellationToken cancellationToken) =>
        ValidateAsync(_accessTokens, jwt, audience, _rules.ValidTypes, requireExpiry: true, cancellationToken);

    /// <summary>Another JWT of the same issuer (a back-channel logout token): the structure and algorithm rules, its own types, exp optional.</summary>
    public Task<JwtValidation> ValidateOtherJwtAsync(string jwt, string audience, IEnumerable<string> types, CancellationToken cancellationToken) =>
        ValidateAsync(_otherTokens, jwt, audience, types, requireExpiry: false, cancellationToken);

    private async Task<JwtValidation> ValidateAsync(
        StrictJwtHandler handler, string jwt, string audience, IEnumerable<string> types, bool requireExpiry, CancellationToken cancellationToken)
    {
        if (CompactJws.Read(jwt, _options.MaxTokenLength, out var facts) is { } unreadable)
        {
            return JwtValidation.Invalid(unreadable);
        }
        if (!_options.AllowedAlgorithms.Contains(facts.Alg, StringComparer.Ordinal))
        {
            return JwtValidation.Invalid(TokenRejectionReason.AlgorithmNotAllowed);
        }

        var signingKeys = await _keys.GetKeysAsync(facts.Kid, cancellationToken);
        if (signingKeys.Count == 0)
        {
            return JwtValidation.Invalid("keys_unavailable");
        }

        var parameters = _rules.Clone();
        parameters.ValidAudience = audience;
        parameters.ValidAudiences = null;
        parameters.ValidTypes = types;
        parameters.RequireExpirationTime = requireExpiry;
        parameters.IssuerSigningKeys = signingKeys;
        parameters.TryAllIssuerSigningKeys = false;
        parameters.ConfigurationManager = null;

        var result = await handler.ValidateTokenAsync(jwt, parameters);
        return result.IsValid
            ? new JwtValidation(true, "ok", (JsonWebToken)result.SecurityToken)
            : JwtValidation.Invalid(TokenRejectionReason.From(result.Exception));
    }
}
