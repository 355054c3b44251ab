using System.Security.Claims;
using System.Text.Json.Nodes;
using OpenIddict.Abstractions;
using TokenJourney.Identity.Realm;
using EmbeddedTokens = TokenJourney.ServiceDefaults.Authentication.EmbeddedTokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TokenJourney.Identity.Tokens;

/// <summary>
/// Builds the principal OpenIddict turns into tokens, shaped like Keycloak's: <c>sub</c>, <c>azp</c>, <c>sid</c>,
/// <c>typ</c>, <c>scope</c> (only scopes Keycloak would show), <c>realm_access.roles</c>, <c>resource_access</c>,
/// <c>preferred_username</c> and the audiences of the client's mappers and granted scopes.
/// </summary>
public sealed class KeycloakPrincipalFactory(RealmModel realm)
{
    /// <summary>Every claim this provider's tokens and userinfo can carry, for discovery's <c>claims_supported</c>.</summary>
    public static IReadOnlyList<string> ClaimsSupported { get; } =
    [
        Claims.Issuer, Claims.Subject, Claims.Audience, Claims.ExpiresAt, Claims.IssuedAt, Claims.JwtId, KeycloakClaims.AuthTime,
        KeycloakClaims.AuthorizedParty, KeycloakClaims.SessionId, KeycloakClaims.TokenType, Claims.Scope, Claims.Name,
        Claims.GivenName, Claims.FamilyName, Claims.PreferredUsername, Claims.Email, Claims.EmailVerified,
        KeycloakClaims.RealmAccess, KeycloakClaims.ResourceAccess, KeycloakClaims.Actor, Claims.Nonce, Claims.AccessTokenHash,
        EmbeddedTokens.ClaimName,
    ];

    public sealed record Grant(
        RealmClient Client,
        IReadOnlyCollection<string> Scopes,
        string? SessionId,
        DateTimeOffset? AuthTime = null,
        IReadOnlyCollection<string>? Audiences = null);

    public ClaimsPrincipal Create(RealmUser user, Grant grant)
    {
        var identity = new ClaimsIdentity(
            authenticationType: "TokenJourney", nameType: Claims.PreferredUsername, roleType: Claims.Role);
        var principal = new ClaimsPrincipal(identity);

        // As Keycloak: each group of claims comes from its client scope's mappers, for people and service accounts alike
        // (a service account's token has no preferred_username unless its client has the profile scope).
        var profile = grant.Scopes.Contains(Scopes.Profile);
        var email = grant.Scopes.Contains(Scopes.Email);
        var roles = grant.Scopes.Contains(Scopes.Roles);

        principal.SetClaim(Claims.Subject, user.Id);
        principal.SetClaim(KeycloakClaims.TokenType, KeycloakClaims.BearerType);
        principal.SetClaim(KeycloakClaims.AuthorizedParty, grant.Client.ClientId);
        principal.SetClaim(KeycloakClaims.SessionId, grant.SessionId);
        if (grant.AuthTime is { } authTime)
        {
            principal.SetClaim(KeycloakClaims.AuthTime, authTime.ToUnixTimeSeconds());
        }
        if (profile)
        {
            principal.SetClaim(Claims.PreferredUsername, user.Username);
            principal.SetClaim(Claims.Name, user.FullName);
            principal.SetClaim(Claims.GivenName, user.FirstName);
            principal.SetClaim(Claims.FamilyName, user.LastName);
        }
        if (email && user.Email is not null)
        {
            principal.SetClaim(Claims.Email, user.Email);
            principal.SetClaim(Claims.EmailVerified, user.EmailVerified);
        }
        if (roles)
        {
            principal.SetClaim(KeycloakClaims.RealmAccess, new JsonObject { ["roles"] = Array(user.RealmRoles) });
            if (user.ClientRoles.Count > 0)
            {
                var access = new JsonObject();
                foreach (var (clientId, clientRoles) in user.ClientRoles)
                {
                    access[clientId] = new JsonObject { ["roles"] = Array(clientRoles) };
                }
                principal.SetClaim(KeycloakClaims.ResourceAccess, access);
            }
        }

        // The scope claim lists what Keycloak lists: openid and scopes marked include.in.token.scope (not basic or roles).
        principal.SetScopes(grant.Scopes.Where(s => s == Scopes.OpenId || (realm.Scopes.TryGetValue(s, out var scope) && scope.IncludeInTokenScope)));
        principal.SetAudiences(grant.Audiences ?? Audiences(grant.Client, grant.Scopes));
        principal.SetAccessTokenLifetime(grant.Client.AccessTokenLifespan ?? realm.AccessTokenLifespan);
        principal.SetIdentityTokenLifetime(grant.Client.AccessTokenLifespan ?? realm.AccessTokenLifespan);
        principal.SetAuthorizationCodeLifetime(realm.AccessCodeLifespan);
        principal.SetRefreshTokenLifetime(grant.Scopes.Contains(Scopes.OfflineAccess) ? realm.OfflineSessionIdleTimeout : realm.SsoSessionIdleTimeout);
        principal.SetDestinations(Destinations);
        return principal;
    }

    /// <summary>The client's own audience mappers plus those of every granted client scope (Keycloak's oidc-audience-mapper).</summary>
    public IReadOnlyList<string> Audiences(RealmClient client, IEnumerable<string> scopes) =>
        client.MapperAudiences
            .Concat(scopes.SelectMany(s => realm.Scopes.TryGetValue(s, out var scope) ? scope.Audiences : []))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static IEnumerable<string> Destinations(Claim claim) => claim.Type switch
    {
        Claims.Subject or Claims.PreferredUsername or Claims.Name or Claims.GivenName or Claims.FamilyName
            or Claims.Email or Claims.EmailVerified or KeycloakClaims.SessionId or KeycloakClaims.AuthTime
            => [OpenIddictConstants.Destinations.AccessToken, OpenIddictConstants.Destinations.IdentityToken],
        KeycloakClaims.AuthorizedParty or KeycloakClaims.TokenType or KeycloakClaims.RealmAccess
            or KeycloakClaims.ResourceAccess or KeycloakClaims.Actor
            => [OpenIddictConstants.Destinations.AccessToken],
        _ => [],
    };

    public static void ApplyDestinations(ClaimsPrincipal principal) => principal.SetDestinations(Destinations);

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}
