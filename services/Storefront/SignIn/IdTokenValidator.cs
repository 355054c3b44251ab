using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TokenJourney.Storefront.SignIn;

/// <summary>
/// Checks the ID token from the code redemption before anyone is signed in: signature against the provider's
/// JWKS, issuer, audience = our client id, lifetime, and the nonce bound to this browser's login attempt.
/// </summary>
public sealed class IdTokenValidator(IdentityProviderClient provider, IOptions<IdentityClientOptions> options)
{
    private static readonly JsonWebTokenHandler Handler = new() { MapInboundClaims = false };

    public async Task<ClaimsIdentity> ValidateAsync(string idToken, string expectedNonce, CancellationToken cancellationToken)
    {
        var result = await ValidateOnceAsync(idToken, cancellationToken);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The provider may have rotated its signing key since we last read the JWKS.
            provider.RefreshConfiguration();
            result = await ValidateOnceAsync(idToken, cancellationToken);
        }
        if (!result.IsValid)
        {
            throw new SecurityTokenValidationException("The ID token was not valid: " + result.Exception?.GetType().Name, result.Exception);
        }
        if (!string.Equals(result.ClaimsIdentity.FindFirst("nonce")?.Value, expectedNonce, StringComparison.Ordinal))
        {
            throw new SecurityTokenValidationException("The ID token's nonce does not match this login attempt.");
        }
        return result.ClaimsIdentity;
    }

    private async Task<TokenValidationResult> ValidateOnceAsync(string idToken, CancellationToken cancellationToken)
    {
        var configuration = await provider.GetConfigurationAsync(cancellationToken);
        return await Handler.ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = options.Value.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = ["RS256", "PS256", "ES256"],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = "preferred_username",
        });
    }
}
