using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using TokenJourney.Identity.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TokenJourney.Identity.Endpoints;

/// <summary>
/// RP-initiated logout: ends the browser session, revokes that session's grants (codes, refresh and reference tokens,
/// not the user's other sessions, as in Keycloak) and tells every client with a back-channel logout URL (the gateway
/// deny-lists the session at once).
/// </summary>
public static class LogoutEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, BackchannelLogout backchannel, SessionAuthorizations sessions,
        ILoggerFactory loggers)
    {
        var session = await context.AuthenticateAsync(AuthorizationEndpoint.SessionScheme);
        // id_token_hint names the session when the browser no longer carries the cookie.
        var hint = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        var subject = session.Principal?.FindFirstValue(Claims.Subject) ?? hint?.GetClaim(Claims.Subject);
        var sid = session.Principal?.FindFirstValue(KeycloakClaims.SessionId) ?? hint?.GetClaim(KeycloakClaims.SessionId);

        await context.SignOutAsync(AuthorizationEndpoint.SessionScheme);
        if (subject is not null && sid is not null)
        {
            var revoked = await sessions.RevokeSessionAsync(subject, sid, context.RequestAborted);
            loggers.CreateLogger("TokenJourney.Identity.Logout").LogInformation("Session ended: {Revoked} tokens revoked", revoked);
            await backchannel.NotifyAsync(subject, sid, context.RequestAborted);
        }
        // OpenIddict redirects to the validated post_logout_redirect_uri, or answers 200 without one.
        return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
