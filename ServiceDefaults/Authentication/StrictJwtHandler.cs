using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>
/// The one validator of tokens in TokenJourney: every service's JwtBearer, the gateway's own check and Shipping's
/// message tokens run it. Around IdentityModel's signature, issuer, audience, lifetime and type checks it adds the
/// strict compact serialization (<see cref="CompactJws"/>), the algorithm pinned per key (<see cref="AlgorithmPinning"/>)
/// and, for access tokens, the claims an access token must carry (<see cref="AccessTokenClaims"/>). A refusal is a
/// failed result whose exception names the reason, never an exception thrown at the caller.
/// </summary>
public sealed class StrictJwtHandler : JsonWebTokenHandler
{
    private readonly TokenValidationOptions _options;
    private readonly TimeProvider _time;
    private readonly bool _accessTokens;

    /// <param name="accessTokens">False for other JWTs the same issuer signs (a back-channel logout token): structure and algorithm rules only.</param>
    public StrictJwtHandler(TokenValidationOptions options, TimeProvider time, bool accessTokens = true)
    {
        _options = options;
        _time = time;
        _accessTokens = accessTokens;
        MapInboundClaims = false;
        MaximumTokenSizeInBytes = options.MaxTokenLength;
    }

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        if (CompactJws.Read(token, _options.MaxTokenLength, out var facts) is { } unreadable)
        {
            return Refuse(unreadable);
        }
        if (await AlgorithmPinning.RefusesAsync(facts, validationParameters))
        {
            return Refuse(TokenRejectionReason.AlgorithmNotAllowed);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (!result.IsValid || !_accessTokens)
        {
            return result;
        }
        return AccessTokenClaims.Check(facts, _options, validationParameters.ClockSkew, _time.GetUtcNow()) is { } refused
            ? Refuse(refused)
            : result;
    }

    private static TokenValidationResult Refuse(string reason) => new() { IsValid = false, Exception = new TokenRefusedException(reason) };
}
