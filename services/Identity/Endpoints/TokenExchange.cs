using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using TokenJourney.Identity.Realm;
using TokenJourney.Identity.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TokenJourney.Identity.Endpoints;

/// <summary>
/// RFC 8693 token exchange, as Keycloak's standard token exchange does it: the same subject, session and roles, only
/// the requested audience and the scopes that reach it (RealmTokenRequestPolicy has already refused anything else),
/// an <c>act</c> claim naming who acts (Keycloak's standard exchange adds none; kept for the journey, see the README's
/// differences), and an expiry never later than the subject token's. A subject token it cannot
/// use is <c>invalid_request</c> (RFC 8693 2.2.2, as Keycloak answers).
/// </summary>
public static partial class TokenExchange
{
    public static async Task<IResult> HandleAsync(HttpContext context, OpenIddictRequest request, RealmClient client,
        RealmModel realm, KeycloakPrincipalFactory factory, ILogger logger)
    {
        var result = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (result.Principal is not { } subjectToken || realm.FindSubject(subjectToken.GetClaim(Claims.Subject)) is not { Enabled: true } user)
        {
            return OAuthResults.Error(Errors.InvalidRequest, "The subject token does not name an enabled user or client.");
        }
        var actorToken = result.Properties?.GetParameter<ClaimsPrincipal>(OpenIddictServerAspNetCoreConstants.Properties.ActorTokenPrincipal);

        var exchange = TokenExchangeRequest.Resolve(realm, client, request);
        if (exchange.Error is { } error)
        {
            return OAuthResults.Error(error.Code, error.Description);
        }
        // Least privilege: when the subject token already holds scopes for the target audience, the new token gets no
        // more than those (orders:read stays orders:read); a new audience (orders -> inventory) gets the client's own.
        var reachable = ScopeGrant.ScopesFor(realm, client, exchange.Audiences);
        var held = subjectToken.GetScopes().Where(reachable.Contains).ToList();
        var ceiling = held.Count > 0 ? held : reachable.ToList();
        var requested = request.GetScopes().Where(s => s != Scopes.OpenId).Distinct(StringComparer.Ordinal).ToList();
        if (requested.FirstOrDefault(s => !ceiling.Contains(s)) is { } refused)
        {
            return OAuthResults.Error(Errors.InvalidScope, $"The subject token does not carry the scope '{refused}' for this audience.");
        }
        var scopes = requested.Count > 0 ? requested : ceiling;

        var lifetime = client.AccessTokenLifespan ?? realm.AccessTokenLifespan;
        if (subjectToken.GetExpirationDate() is { } subjectExpiry)
        {
            var left = subjectExpiry - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return OAuthResults.Error(Errors.InvalidRequest, "The subject token has expired.");
            }
            lifetime = left < lifetime ? left : lifetime;
        }

        // Claims as Keycloak's standard exchange maps them: through the requesting client's default scopes plus the
        // granted ones (for gateway and orders: basic, with the session's auth_time, and roles; no profile or email).
        var authTime = long.TryParse(subjectToken.GetClaim(KeycloakClaims.AuthTime), out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null;
        var principal = factory.Create(user, new(client, [.. client.DefaultScopes.Union(scopes)], subjectToken.GetClaim(KeycloakClaims.SessionId),
            authTime, Audiences: exchange.Audiences));
        principal.SetClaim(KeycloakClaims.Actor, Act(subjectToken, actorToken, client));
        principal.SetAccessTokenLifetime(lifetime);
        principal.SetIssuedTokenLifetime(lifetime);
        KeycloakPrincipalFactory.ApplyDestinations(principal);
        // Debug, not Information: every order exchanges twice, so at Information this was a console line per token.
        if (logger.IsEnabled(LogLevel.Debug))
        {
            LogExchanged(logger, client.ClientId, string.Join(' ', exchange.Audiences), string.Join(' ', scopes), (int)lifetime.TotalSeconds);
        }
        return TokenEndpoint.SignIn(principal);
    }

    [LoggerMessage(LogLevel.Debug, "Token exchanged for client {ClientId}: audience {Audience}, scope {Scope}, {Seconds} s")]
    private static partial void LogExchanged(ILogger logger, string clientId, string audience, string scope, int seconds);

    /// <summary><c>act.sub</c> names the actor (the actor token's subject, else the client); an existing <c>act</c> is nested.</summary>
    private static JsonObject Act(ClaimsPrincipal subjectToken, ClaimsPrincipal? actorToken, RealmClient client)
    {
        var act = new JsonObject { ["sub"] = actorToken?.GetClaim(Claims.Subject) ?? client.ClientId };
        if (subjectToken.GetClaim(KeycloakClaims.Actor) is { Length: > 0 } previous && JsonNode.Parse(previous) is JsonObject nested)
        {
            act["act"] = nested;
        }
        return act;
    }
}
