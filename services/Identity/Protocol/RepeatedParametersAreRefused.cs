using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TokenJourney.Identity.Protocol;

/// <summary>
/// RFC 6749 3.1: authorization request parameters must not appear more than once. OpenIddict reads a repeated
/// <c>state</c> as no state at all, so the request went on and the client got its code back without the state it sent.
/// </summary>
public sealed class RepeatedParametersAreRefused : IOpenIddictServerHandler<ValidateAuthorizationRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateAuthorizationRequestContext>()
            .UseSingletonHandler<RepeatedParametersAreRefused>()
            .SetOrder(OpenIddictServerHandlers.Authentication.ValidateRequestParameter.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
    {
        foreach (var (name, value) in context.Request.GetParameters())
        {
            // RFC 8707 lets resource repeat; nothing else may.
            if (name != Parameters.Resource && value.Count > 1)
            {
                context.Reject(Errors.InvalidRequest, $"The '{name}' parameter must not be repeated.");
                break;
            }
        }
        return ValueTask.CompletedTask;
    }
}
