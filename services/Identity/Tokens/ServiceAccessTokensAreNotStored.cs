using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TokenJourney.Identity.Tokens;

/// <summary>
/// JWT access tokens of client credentials and token exchange get no row in the store. Services validate them from the
/// JWKS alone, they belong to no sign-in a logout could end, and they live minutes at most; a row per token was one
/// SQLite insert per request on the exchange path of every order. What a user signed in to keeps its rows: codes,
/// refresh tokens, opaque access tokens and the JWT access tokens of password, code and refresh grants, so revoking
/// those still shows in introspection.
/// </summary>
public sealed class ServiceAccessTokensAreNotStored : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<ServiceAccessTokensAreNotStored>()
            .SetOrder(OpaqueAccessTokensForClients.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.TokenType == TokenTypeIdentifiers.AccessToken && !context.IsReferenceToken &&
            context.Request is { } request && (request.IsClientCredentialsGrantType() || request.IsTokenExchangeGrantType()))
        {
            context.CreateTokenEntry = false;
        }
        return ValueTask.CompletedTask;
    }
}
