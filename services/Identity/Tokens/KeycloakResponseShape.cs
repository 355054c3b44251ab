using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TokenJourney.Identity.Tokens;

/// <summary>
/// Keycloak's introspection answers <c>username</c> with the login name (<c>preferred_username</c>); OpenIddict would
/// put the principal's name claim there, which is the display name ("Alice Anders"), so a gateway keying on it breaks.
/// Runs after OpenIddict has decided the caller may see the token's claims (it is one of the token's audiences).
/// </summary>
public sealed class IntrospectionUsernameIsPreferredUsername : IOpenIddictServerHandler<HandleIntrospectionRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleIntrospectionRequestContext>()
            .UseSingletonHandler<IntrospectionUsernameIsPreferredUsername>()
            .SetOrder(OpenIddictServerHandlers.Introspection.AttachApplicationClaims.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleIntrospectionRequestContext context)
    {
        if (context.Username is not null)
        {
            context.Username = context.GenericTokenPrincipal?.GetClaim(Claims.PreferredUsername);
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// <c>expires_in</c> is the access token's lifetime in whole seconds, as Keycloak answers it (15 for a 15 s token).
/// OpenIddict counts down from "now" and truncates, answering 14, which makes a client refresh a second early for nothing.
/// </summary>
public sealed class ExpiresInIsTheTokenLifetime : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseSingletonHandler<ExpiresInIsTheTokenLifetime>()
            .SetOrder(OpenIddictServerHandlers.AttachSignInParameters.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (context.Response.ExpiresIn is not null &&
            context.AccessTokenPrincipal?.GetCreationDate() is { } issuedAt &&
            context.AccessTokenPrincipal.GetExpirationDate() is { } expiresAt)
        {
            context.Response.ExpiresIn = (long)Math.Round((expiresAt - issuedAt).TotalSeconds);
        }
        return ValueTask.CompletedTask;
    }
}
