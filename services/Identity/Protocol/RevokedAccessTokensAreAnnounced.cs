using OpenIddict.Abstractions;
using OpenIddict.Server;
using TokenJourney.Identity.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TokenJourney.Identity.Protocol;

/// <summary>
/// Once an access token is revoked, the clients with a back-channel URL (the gateway) hear of it before the revoker
/// gets its answer (<see cref="BackchannelLogout.AnnounceRevokedAccessTokenAsync"/>): the gateway keeps what an opaque
/// token resolved to for up to a minute, so without this a revoked token would keep passing there until then.
/// </summary>
public sealed class RevokedAccessTokensAreAnnounced(BackchannelLogout backchannel) : IOpenIddictServerHandler<HandleRevocationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleRevocationRequestContext>()
            .UseSingletonHandler<RevokedAccessTokensAreAnnounced>()
            .SetOrder(RevokingARefreshTokenEndsItsGrant.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(HandleRevocationRequestContext context)
    {
        if (context.IsRejected || context.GenericTokenPrincipal is not { } token || !token.HasTokenType(TokenTypeIdentifiers.AccessToken) ||
            context.Request.Token is not { Length: > 0 } presented)
        {
            return;
        }
        await backchannel.AnnounceRevokedAccessTokenAsync(presented, context.CancellationToken);
    }
}
