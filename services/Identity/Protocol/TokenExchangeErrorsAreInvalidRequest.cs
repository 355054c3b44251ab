using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TokenJourney.Identity.Protocol;

/// <summary>
/// RFC 8693 2.2.2: a subject or actor token that is invalid (unknown, expired, revoked, of another type) is
/// <c>invalid_request</c>, and Keycloak 26 answers the same. OpenIddict answers it as <c>invalid_grant</c>, the code
/// for codes and refresh tokens; an exchange has neither, so every invalid_grant of an exchange is about those tokens.
/// </summary>
public sealed class TokenExchangeErrorsAreInvalidRequest : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseSingletonHandler<TokenExchangeErrorsAreInvalidRequest>()
            .SetOrder(OpenIddictServerHandlers.Exchange.NormalizeErrorResponse.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        if (context.Response.Error == Errors.InvalidGrant && context.Request?.IsTokenExchangeGrantType() == true)
        {
            context.Response.Error = Errors.InvalidRequest;
        }
        return ValueTask.CompletedTask;
    }
}
