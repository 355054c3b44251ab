using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using TokenJourney.Identity.Realm;
using TokenJourney.Identity.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TokenJourney.Identity.Endpoints;

/// <summary>
/// The token endpoint's grants. OpenIddict has already authenticated the client, checked its grant type permission,
/// applied the realm's scope and audience rules (RealmTokenRequestPolicy) and validated codes, refresh tokens and
/// subject/actor tokens; this decides who the token is for and what it says.
/// </summary>
public static class TokenEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, RealmModel realm, KeycloakPrincipalFactory factory, SessionAuthorizations sessions,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("TokenJourney.Identity.Token");
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (realm.FindClient(request.ClientId) is not { } client)
        {
            return OAuthResults.Error(Errors.InvalidClient, "The client is not enabled in the realm.");
        }

        if (request.IsPasswordGrantType())
        {
            var user = realm.FindUserByName(request.Username);
            if (user is not { Enabled: true } || user.Password?.Verify(request.Password) != true)
            {
                // Never the username or password: a typo in the username field is often a password.
                logger.LogInformation("Password grant refused for client {ClientId}: invalid user credentials", client.ClientId);
                return OAuthResults.Error(Errors.InvalidGrant, "Invalid user credentials.");
            }
            var scopes = ScopeGrant.ForClient(client, request.GetScopes()).Granted;
            var principal = factory.Create(user, new(client, scopes, NewSessionId(), AuthTime: DateTimeOffset.UtcNow));
            await sessions.AttachAsync(principal, client.ClientId, context.RequestAborted);
            return SignIn(principal);
        }

        if (request.IsClientCredentialsGrantType())
        {
            var scopes = ScopeGrant.ForClient(client, request.GetScopes()).Granted;
            // RFC 9068 requires aud. The audience mappers name it, as in Keycloak; where none is in reach (Keycloak would
            // then omit aud), the token is for the client itself, RFC 9068 section 3's default resource.
            var audiences = factory.Audiences(client, scopes);
            return SignIn(factory.Create(client.ServiceAccount, new(client, scopes, SessionId: null,
                Audiences: audiences.Count > 0 ? audiences : [client.ClientId])));
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var previous = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
            if (previous is null || realm.FindSubject(previous.GetClaim(Claims.Subject)) is not { Enabled: true } user)
            {
                return OAuthResults.Error(Errors.InvalidGrant, "The user is no longer allowed to sign in.");
            }
            // Roles and profile are read from the realm again, as Keycloak does on refresh; the session and the scopes stay.
            var scopes = ScopeGrant.ForClient(client, previous.GetScopes()).Granted;
            var authTime = long.TryParse(previous.GetClaim(KeycloakClaims.AuthTime), out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null;
            return SignIn(factory.Create(user, new(client, scopes, previous.GetClaim(KeycloakClaims.SessionId) ?? NewSessionId(), authTime)));
        }

        if (request.IsTokenExchangeGrantType())
        {
            return await TokenExchange.HandleAsync(context, request, client, realm, factory, logger);
        }

        return OAuthResults.Error(Errors.UnsupportedGrantType, "The grant type is not supported.");
    }

    public static IResult SignIn(ClaimsPrincipal principal) =>
        Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    public static string NewSessionId() => Guid.NewGuid().ToString();
}
