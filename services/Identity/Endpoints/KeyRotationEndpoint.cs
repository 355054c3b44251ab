using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenJourney.Identity.Keys;

namespace TokenJourney.Identity.Endpoints;

/// <summary>
/// Operator action: promote a new signing key. Allowed for a bearer token of this realm with the realm role
/// <c>support</c>, or the admin Basic credential when one is configured (Identity:AdminUsername/AdminPassword).
/// </summary>
public static class KeyRotationEndpoint
{
    private const string Role = "support";

    public static async Task<IResult> HandleAsync(HttpContext context, SigningKeyRing keys, KeyRotation rotation, IOptions<IdentityProviderOptions> options)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"tokenjourney\"";
            return OAuthResults.Json(StatusCodes.Status401Unauthorized, "invalid_token", "Key rotation requires a bearer token with the support role, or the admin credential.");
        }
        var allowed = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? await HasSupportRoleAsync(authorization["Bearer ".Length..].Trim(), keys, options.Value)
            : authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && IsAdmin(authorization["Basic ".Length..].Trim(), options.Value);
        if (!allowed)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"tokenjourney\", error=\"insufficient_scope\"";
            return OAuthResults.Json(StatusCodes.Status403Forbidden, "insufficient_scope", "Key rotation requires the support role or the admin credential.");
        }
        var rotated = rotation.Rotate();
        return Results.Json(new { active = rotated.Active, next = rotated.Next, previous = rotated.Previous });
    }

    private static async Task<bool> HasSupportRoleAsync(string token, SigningKeyRing keys, IdentityProviderOptions options)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Authority.TrimEnd('/'),
            ValidateAudience = false,
            IssuerSigningKeys = keys.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ClockSkew = TimeSpan.FromSeconds(5),
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt ||
            !jwt.TryGetPayloadValue<JsonElement>("realm_access", out var realmAccess) ||
            !realmAccess.TryGetProperty("roles", out var roles) || roles.ValueKind != JsonValueKind.Array)
        {
            return false;
        }
        return roles.EnumerateArray().Any(r => r.GetString() == Role);
    }

    private static bool IsAdmin(string encoded, IdentityProviderOptions options)
    {
        if (string.IsNullOrEmpty(options.AdminUsername) || string.IsNullOrEmpty(options.AdminPassword))
        {
            return false;
        }
        byte[] presented;
        try
        {
            presented = Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes($"{options.AdminUsername}:{options.AdminPassword}"));
    }
}
