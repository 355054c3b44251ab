namespace TokenJourney.Identity.Tokens;

/// <summary>Claim names of Keycloak's tokens that OpenIddict has no constant for.</summary>
public static class KeycloakClaims
{
    public const string AuthorizedParty = "azp";
    public const string SessionId = "sid";
    public const string TokenType = "typ";
    public const string RealmAccess = "realm_access";
    public const string ResourceAccess = "resource_access";
    public const string Actor = "act";
    public const string AuthTime = "auth_time";

    /// <summary>Keycloak's access tokens say <c>"typ": "Bearer"</c> in the payload (the header says JWT).</summary>
    public const string BearerType = "Bearer";
}
