using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>The outcome of validating a token outside an HTTP request; <see cref="Reason"/> is a short stable code.</summary>
public sealed record AccessTokenValidationResult(bool IsValid, ClaimsPrincipal? Principal, string? Reason)
{
    public static AccessTokenValidationResult Valid(ClaimsPrincipal principal) => new(true, principal, null);
    public static AccessTokenValidationResult Invalid(string reason) => new(false, null, reason);
}

/// <summary>
/// Validates a token that did not arrive on an HTTP request (a token in a queued message) with exactly the
/// rules (<see cref="StrictJwtHandler"/>) and the JWKS cache the service's bearer authentication uses, so there is one definition of "valid".
/// </summary>
/// <remarks>
/// A token that cannot be verified now because the provider's keys cannot be fetched is neither valid nor refused:
/// <see cref="ValidateAsync"/> throws <see cref="SigningKeysUnavailableException"/>, so a message consumer's retry policy
/// tries the message again later instead of acting on a refusal.
/// </remarks>
public sealed class AccessTokenValidator(IOptionsMonitor<JwtBearerOptions> bearerOptions, StrictJwtHandler handler, SigningKeyRefresh keyRefresh)
{
    /// <exception cref="SigningKeysUnavailableException">The token's key is unknown here and the provider's keys cannot be fetched.</exception>
    public async Task<AccessTokenValidationResult> ValidateAsync(string? token, string? requiredScope = null)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return AccessTokenValidationResult.Invalid("missing");
        }

        var options = bearerOptions.Get(JwtBearerDefaults.AuthenticationScheme);
        var parameters = options.TokenValidationParameters.Clone();
        parameters.ConfigurationManager = options.ConfigurationManager as BaseConfigurationManager;

        var result = await handler.ValidateTokenAsync(token, parameters);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            result = await keyRefresh.RevalidateAsync(token, options, handler, CancellationToken.None);
        }
        if (result.Exception is SigningKeysUnavailableException unavailable)
        {
            throw unavailable;
        }
        if (!result.IsValid)
        {
            return AccessTokenValidationResult.Invalid(TokenRejectionReason.From(result.Exception));
        }

        var identity = result.ClaimsIdentity;
        KeycloakRoles.AddRealmRoles(identity);
        var principal = new ClaimsPrincipal(identity);
        if (requiredScope is not null && !ScopeAuthorization.HasScopes(principal, [requiredScope]))
        {
            return AccessTokenValidationResult.Invalid("insufficient_scope");
        }
        return AccessTokenValidationResult.Valid(principal);
    }
}
