using OpenIddict.Server;
using TokenJourney.Identity.Realm;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TokenJourney.Identity.Protocol;

/// <summary>
/// An invalid authorization request whose client and redirect URI are the realm's goes back to that redirect URI with
/// <c>error</c>, <c>state</c> and <c>iss</c> (RFC 6749 4.1.2.1, RFC 7636 4.4.1, OIDC Core 3.1.2.6), as Keycloak does.
/// OpenIddict redirects only once every check has passed, so a missing code_challenge or an unsupported response_type
/// ended on the provider's own error page; only an unknown client or redirect URI may stop there.
/// </summary>
public sealed class AuthorizationErrorsGoBackToTheClient(RealmModel realm) : IOpenIddictServerHandler<ApplyAuthorizationResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyAuthorizationResponseContext>()
            .UseSingletonHandler<AuthorizationErrorsGoBackToTheClient>()
            .SetOrder(OpenIddictServerHandlers.Authentication.AttachRedirectUri.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
    {
        if (!string.IsNullOrEmpty(context.RedirectUri) || string.IsNullOrEmpty(context.Response.Error) || context.Request is not { } request)
        {
            return ValueTask.CompletedTask;
        }
        // The response mode decides how the error travels; an unknown one leaves no safe way to send it.
        if (request.ResponseMode is not (null or "" or ResponseModes.Query or ResponseModes.Fragment or ResponseModes.FormPost))
        {
            return ValueTask.CompletedTask;
        }
        // Compared as OpenIddict compares them when it validates a request: exactly, as registered from the realm.
        if (realm.FindClient(request.ClientId) is { StandardFlowEnabled: true } client &&
            request.RedirectUri is { Length: > 0 } redirectUri &&
            client.RedirectUris.Any(registered => string.Equals(registered.AbsoluteUri, redirectUri, StringComparison.Ordinal)))
        {
            context.RedirectUri = redirectUri;
        }
        return ValueTask.CompletedTask;
    }
}
