using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>
/// The JWKS's signing keys as the JWKs themselves. IdentityModel's <c>GetSigningKeys()</c> converts each JWK into an
/// RsaSecurityKey and drops its <c>alg</c>; keeping the JWK (IdentityModel verifies with it directly) keeps the
/// algorithm it declares, which <see cref="AlgorithmPinning"/> enforces.
/// </summary>
public static class JwksSigningKeys
{
    public static IReadOnlyList<SecurityKey> From(JsonWebKeySet jwks)
    {
        var usable = jwks.GetSigningKeys().Select(k => k.KeyId).ToHashSet(StringComparer.Ordinal);
        return jwks.Keys
            .Where(k => k.Use is null or "" or JsonWebKeyUseNames.Sig && usable.Contains(k.KeyId))
            .DistinctBy(k => k.KeyId)
            .ToList<SecurityKey>();
    }
}

/// <summary>Reads the discovery document and JWKS as usual, then keeps the JWKs as signing keys (see <see cref="JwksSigningKeys"/>).</summary>
public sealed class PinnedKeysConfigurationRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(address, retriever, cancel);
        if (configuration.JsonWebKeySet is { } jwks)
        {
            configuration.SigningKeys.Clear();
            foreach (var key in JwksSigningKeys.From(jwks))
            {
                configuration.SigningKeys.Add(key);
            }
        }
        return configuration;
    }
}
