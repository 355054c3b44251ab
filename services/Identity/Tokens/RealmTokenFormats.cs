using OpenIddict.Server;
using TokenJourney.Identity.Realm;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TokenJourney.Identity.Tokens;

/// <summary>
/// Opaque reference access tokens for the clients configured so (the client app): the token the browser-side app holds
/// is a random handle; the gateway turns it into a JWT by token exchange (phantom token). Everyone else gets JWTs.
/// </summary>
public sealed class OpaqueAccessTokensForClients(RealmModel realm) : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<OpaqueAccessTokensForClients>()
            .SetOrder(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order - 1000)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.TokenType == TokenTypeIdentifiers.AccessToken && realm.FindClient(context.ClientId) is { OpaqueAccessTokens: true })
        {
            context.IsReferenceToken = true;
            context.PersistTokenPayload = true;
            context.CreateTokenEntry = true;
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Keycloak issues a refresh token to every client with <c>use.refresh.tokens</c> on a user grant, not only when
/// offline_access is asked for (OpenIddict's default). With <c>revokeRefreshToken</c> each refresh rotates it.
/// </summary>
public sealed class RefreshTokensForClients(RealmModel realm) : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseSingletonHandler<RefreshTokensForClients>()
            .SetOrder(OpenIddictServerHandlers.EvaluateGeneratedTokens.Descriptor.Order + 500)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (context.EndpointType != OpenIddictServerEndpointType.Token || realm.FindClient(context.ClientId) is not { UseRefreshTokens: true })
        {
            return ValueTask.CompletedTask;
        }
        var grant = context.Request.GrantType;
        if (grant is GrantTypes.AuthorizationCode or GrantTypes.Password || (grant == GrantTypes.RefreshToken && realm.RevokeRefreshToken))
        {
            context.GenerateRefreshToken = true;
            context.IncludeRefreshToken = true;
        }
        return ValueTask.CompletedTask;
    }
}
