using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TokenJourney.Identity.Protocol;

/// <summary>
/// Revoking a refresh token ends the grant it belongs to: the authorization of that sign-in and every token issued
/// under it, access tokens included (RFC 7009 2.1), so introspection then answers <c>active: false</c>. Keycloak does
/// the same by ending the client's session. Other sign-ins of the same user keep their own authorization.
/// </summary>
public sealed class RevokingARefreshTokenEndsItsGrant(IOpenIddictAuthorizationManager authorizations, IOpenIddictTokenManager tokens)
    : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .UseScopedHandler<RevokingARefreshTokenEndsItsGrant>()
            .SetOrder(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        if (context.IsRejected || context.GenericTokenPrincipal is not { } token || !token.HasTokenType(TokenTypeIdentifiers.RefreshToken) ||
            token.GetAuthorizationId() is not { Length: > 0 } authorizationId)
        {
            return;
        }
        if (await authorizations.FindByIdAsync(authorizationId, context.CancellationToken) is { } authorization)
        {
            await authorizations.TryRevokeAsync(authorization, context.CancellationToken);
        }
        await tokens.RevokeByAuthorizationIdAsync(authorizationId, context.CancellationToken);
    }
}
