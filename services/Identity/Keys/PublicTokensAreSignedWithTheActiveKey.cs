using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TokenJourney.Identity.Keys;

/// <summary>
/// Access and ID tokens are read by others, who verify them with the JWKS: they are signed with the active RSA key.
/// OpenIddict puts symmetric keys first and signs with the first key, which since InternalTokenKeys is the HMAC key meant
/// for codes and refresh tokens only.
/// </summary>
public sealed class PublicTokensAreSignedWithTheActiveKey : IOpenIddictServerHandler<GenerateTokenContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
            .UseSingletonHandler<PublicTokensAreSignedWithTheActiveKey>()
            .SetOrder(OpenIddictServerHandlers.Protection.AttachSecurityCredentials.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(GenerateTokenContext context)
    {
        if (context.TokenType is TokenTypeIdentifiers.AccessToken or TokenTypeIdentifiers.IdentityToken)
        {
            context.SigningCredentials = ActiveKey(context.Options);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The active RSA key: the first asymmetric one (the key ring lists the active key first).</summary>
    public static SigningCredentials ActiveKey(OpenIddictServerOptions options) =>
        options.SigningCredentials.First(credentials => credentials.Key is AsymmetricSecurityKey);
}
