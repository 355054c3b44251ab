using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using TokenJourney.Identity.Realm;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TokenJourney.Identity.Endpoints;

/// <summary>OpenID Connect userinfo: what the granted scopes allow, read from the realm (OpenIddict has validated the access token).</summary>
public static class UserInfoEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext context, RealmModel realm)
    {
        var principal = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        if (principal is null || realm.FindSubject(principal.GetClaim(Claims.Subject)) is not { Enabled: true } user)
        {
            return Results.Challenge(new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The access token does not belong to an enabled user.",
            }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var claims = new Dictionary<string, object?> { [Claims.Subject] = user.Id, [Claims.PreferredUsername] = user.Username };
        if (principal.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = user.FullName;
            claims[Claims.GivenName] = user.FirstName;
            claims[Claims.FamilyName] = user.LastName;
        }
        if (principal.HasScope(Scopes.Email) && user.Email is not null)
        {
            claims[Claims.Email] = user.Email;
            claims[Claims.EmailVerified] = user.EmailVerified;
        }
        return Results.Json(claims);
    }
}
