using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TokenJourney.Identity.Tokens;

/// <summary>
/// ID tokens get no row in the store, as in Keycloak: they tell the client who signed in and are no credential for any
/// API, RFC 7009 revokes only access and refresh tokens, and logout's <c>id_token_hint</c> needs only the signature and
/// the <c>sid</c> (the session's authorization is what logout revokes). The row was one SQLite insert on every password,
/// code and refresh grant.
/// </summary>
public sealed class IdentityTokensAreNotStored : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<IdentityTokensAreNotStored>()
            .SetOrder(ServiceAccessTokensAreNotStored.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.TokenType == TokenTypeIdentifiers.IdentityToken)
        {
            context.CreateTokenEntry = false;
        }
        return ValueTask.CompletedTask;
    }
}
