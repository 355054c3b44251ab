using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TokenJourney.Identity.Keys;

/// <summary>
/// Access and ID tokens are read by others, who verify them with the JWKS: they are signed with the ring's active RSA
/// key, found by its kid. OpenIddict signs with the first key after sorting symmetric keys first, and its sort does not
/// keep the RSA keys in the ring's order (with two RSA keys and the HMAC key of InternalTokenKeys it put the next key
/// first), so the order of the credentials decides nothing here.
/// </summary>
public sealed class PublicTokensAreSignedWithTheActiveKey(SigningKeyRing keys) : IOpenIddictServerHandler<GenerateTokenContext>
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
            context.SigningCredentials = ActiveKey(context.Options, keys);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The credentials of the ring's active key. Options read just before a rotation still hold it (it was the published
    /// next key), so it is always there.
    /// </summary>
    public static SigningCredentials ActiveKey(OpenIddictServerOptions options, SigningKeyRing keys) =>
        options.SigningCredentials.First(credentials => credentials.Key is RsaSecurityKey && credentials.Key.KeyId == keys.ActiveKeyId);
}
