using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;

namespace TokenJourney.Identity.Endpoints;

/// <summary>Lets OpenIddict write the standard OAuth error response (JSON for the token endpoint, redirect for authorize).</summary>
public static class OAuthResults
{
    public static IResult Error(string error, string description) =>
        Results.Forbid(new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    /// <summary>For endpoints OpenIddict does not own (admin), the same JSON shape.</summary>
    public static IResult Json(int status, string error, string description) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);
}
