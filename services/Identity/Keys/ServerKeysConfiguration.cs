using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace TokenJourney.Identity.Keys;

/// <summary>
/// Gives OpenIddict the key ring's keys. OpenIddict reads its options per request through IOptionsMonitor, so after a
/// rotation dropping the cached options makes the next request sign with the promoted key and publish the new ring.
/// </summary>
public sealed class ServerKeysConfiguration(SigningKeyRing keys, InternalTokenKeys internalKeys) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        foreach (var key in keys.SigningKeys)
        {
            options.SigningCredentials.Add(new SigningCredentials(key, SecurityAlgorithms.RsaSha256));
        }
        // OpenIddict puts symmetric keys first: codes and refresh tokens get these (PublicTokensAreSignedWithTheActiveKey
        // keeps access and ID tokens on RSA). The RSA encryption key stays to read codes and refresh tokens issued before.
        options.SigningCredentials.Add(new SigningCredentials(internalKeys.SigningKey, SecurityAlgorithms.HmacSha256));
        options.EncryptionCredentials.Add(new EncryptingCredentials(internalKeys.EncryptionKey, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
        options.EncryptionCredentials.Add(new EncryptingCredentials(keys.EncryptionKey, SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }
}

/// <summary>Rotates the signing key and makes the server pick the new ring up on its next request.</summary>
public sealed class KeyRotation(
    SigningKeyRing keys,
    IOptionsMonitorCache<OpenIddictServerOptions> serverOptions,
    ILogger<KeyRotation> logger)
{
    public KeyRotationResult Rotate()
    {
        var result = keys.Rotate();
        serverOptions.Clear();
        logger.LogWarning("Signing key rotated: active {ActiveKid} (published since the last rotation), next {NextKid}, previous {PreviousKid}",
            result.Active, result.Next, result.Previous);
        return result;
    }
}
