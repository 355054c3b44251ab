using System.Security.Claims;
using System.Text.Json;

namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>
/// Keycloak puts realm roles in a nested <c>realm_access.roles</c> array, which ASP.NET Core does not read.
/// Flattening them to <c>roles</c> claims lets endpoints use RequireRole as usual.
/// </summary>
public static class KeycloakRoles
{
    public const string RoleClaimType = "roles";

    public static void AddRealmRoles(ClaimsIdentity identity)
    {
        var realmAccess = identity.FindFirst("realm_access")?.Value;
        if (string.IsNullOrEmpty(realmAccess))
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(realmAccess);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("roles", out var roles) &&
                roles.ValueKind == JsonValueKind.Array)
            {
                foreach (var role in roles.EnumerateArray())
                {
                    if (role.GetString() is { Length: > 0 } name && !identity.HasClaim(RoleClaimType, name))
                    {
                        identity.AddClaim(new Claim(RoleClaimType, name));
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A malformed claim grants no role; the token's signature was valid, so this is the issuer's bug, not an attack.
        }
    }
}
