using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TokenJourney.Identity.Protocol;

/// <summary>
/// OIDC Back-Channel Logout 1.0 section 2.1: the provider sends logout tokens (with <c>sid</c>) to clients that declare a
/// back-channel URL (BackchannelLogout), so discovery says so; OpenIddict knows nothing of it.
/// </summary>
public sealed class DiscoveryListsBackchannelLogout : IOpenIddictServerHandler<HandleConfigurationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<HandleConfigurationRequestContext>()
            .UseSingletonHandler<DiscoveryListsBackchannelLogout>()
            .SetOrder(OpenIddictServerHandlers.Discovery.AttachAdditionalMetadata.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(HandleConfigurationRequestContext context)
    {
        context.Metadata["backchannel_logout_supported"] = true;
        context.Metadata["backchannel_logout_session_supported"] = true;
        return ValueTask.CompletedTask;
    }
}
