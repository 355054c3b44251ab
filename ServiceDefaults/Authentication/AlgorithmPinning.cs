using Microsoft.IdentityModel.Tokens;

namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>
/// RFC 8725 §3.1: a key is used only with the algorithm its JWK declares, or, when it declares none, with the
/// allow-listed algorithms of its key type. So a token signed PS256 with the RSA key whose JWK says RS256 is refused,
/// as is any algorithm outside the allow-list (alg none and HMAC above all).
/// </summary>
public static class AlgorithmPinning
{
    public static bool Allows(string algorithm, SecurityKey key, IEnumerable<string>? allowList)
    {
        if (allowList is null || !allowList.Contains(algorithm, StringComparer.Ordinal))
        {
            return false;
        }
        if (key is JsonWebKey { Alg.Length: > 0 } jwk)
        {
            return string.Equals(jwk.Alg, algorithm, StringComparison.Ordinal);
        }
        return KeyType(key) switch
        {
            JsonWebAlgorithmsKeyTypes.RSA => algorithm.StartsWith("RS", StringComparison.Ordinal) || algorithm.StartsWith("PS", StringComparison.Ordinal),
            JsonWebAlgorithmsKeyTypes.EllipticCurve => algorithm.StartsWith("ES", StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>For <see cref="TokenValidationParameters.AlgorithmValidator"/>: enforced on every key IdentityModel tries.</summary>
    public static bool Validate(string algorithm, SecurityKey key, SecurityToken token, TokenValidationParameters parameters) =>
        Allows(algorithm, key, parameters.ValidAlgorithms);

    /// <summary>
    /// Checked before the signature, so the refusal names its reason: the keys the header's <c>kid</c> names must
    /// allow the header's <c>alg</c>. (A token without a kid still meets <see cref="Validate"/> on every key tried.)
    /// </summary>
    public static async ValueTask<bool> RefusesAsync(JwsFacts facts, TokenValidationParameters parameters)
    {
        if (parameters.ValidAlgorithms is null || !parameters.ValidAlgorithms.Contains(facts.Alg, StringComparer.Ordinal))
        {
            return true;
        }
        if (string.IsNullOrEmpty(facts.Kid))
        {
            return false;
        }
        var named = (await CandidateKeysAsync(parameters)).Where(k => string.Equals(k.KeyId, facts.Kid, StringComparison.Ordinal)).ToList();
        return named.Count > 0 && !named.Any(k => Allows(facts.Alg, k, parameters.ValidAlgorithms));
    }

    private static async ValueTask<IEnumerable<SecurityKey>> CandidateKeysAsync(TokenValidationParameters parameters)
    {
        IEnumerable<SecurityKey> keys = parameters.IssuerSigningKeys ?? [];
        if (parameters.IssuerSigningKey is { } single)
        {
            keys = keys.Append(single);
        }
        if (parameters.ConfigurationManager is { } manager)
        {
            try
            {
                keys = keys.Concat((await manager.GetBaseConfigurationAsync(CancellationToken.None)).SigningKeys);
            }
            catch (InvalidOperationException)
            {
                // The provider cannot be reached: the signature check that follows reports it, with the same manager.
            }
        }
        return keys;
    }

    private static string? KeyType(SecurityKey key) => key switch
    {
        JsonWebKey jwk => jwk.Kty,
        RsaSecurityKey => JsonWebAlgorithmsKeyTypes.RSA,
        ECDsaSecurityKey => JsonWebAlgorithmsKeyTypes.EllipticCurve,
        X509SecurityKey x509 => x509.PublicKey switch
        {
            System.Security.Cryptography.RSA => JsonWebAlgorithmsKeyTypes.RSA,
            System.Security.Cryptography.ECDsa => JsonWebAlgorithmsKeyTypes.EllipticCurve,
            _ => null,
        },
        _ => null,
    };
}
