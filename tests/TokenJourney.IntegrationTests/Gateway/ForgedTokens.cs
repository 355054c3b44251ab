using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TokenJourney.IntegrationTests.Gateway;

/// <summary>What an attacker can make without the IdP's private key: JWTs signed with their own keys, or none.</summary>
internal sealed class ForgedTokens(string authority)
{
    private readonly RSA _attackerKey = RSA.Create(2048);

    public Dictionary<string, object> Claims(string audience = "gateway", string? issuer = null, long? exp = null, long? nbf = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new()
        {
            ["iss"] = issuer ?? authority,
            ["aud"] = audience,
            ["sub"] = "alice",
            ["azp"] = "journey-tests",
            ["jti"] = Guid.NewGuid().ToString(),
            ["scope"] = "orders:read orders:write",
            ["iat"] = now,
            ["nbf"] = nbf ?? now - 1,
            ["exp"] = exp ?? now + 300,
        };
    }

    public string SignedByAttacker(string kid, Dictionary<string, object> claims) =>
        Sign(new() { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = kid }, claims,
            data => _attackerKey.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static string Unsigned(Dictionary<string, object> claims) =>
        Sign(new() { ["alg"] = "none", ["typ"] = "JWT" }, claims, _ => []);

    /// <summary>The classic key-confusion attack: HMAC with the IdP's public key as the secret.</summary>
    public static string Hs256WithPublicKey(string kid, RSA publicKey, Dictionary<string, object> claims) =>
        Sign(new() { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = kid }, claims,
            data => HMACSHA256.HashData(Encoding.ASCII.GetBytes(publicKey.ExportSubjectPublicKeyInfoPem()), data));

    private static string Sign(Dictionary<string, object> header, Dictionary<string, object> claims, Func<byte[], byte[]> signer)
    {
        var signingInput = $"{Encode(header)}.{Encode(claims)}";
        return $"{signingInput}.{IdentityProviderClient.Base64Url(signer(Encoding.ASCII.GetBytes(signingInput)))}";
    }

    private static string Encode(object value) => IdentityProviderClient.Base64Url(JsonSerializer.SerializeToUtf8Bytes(value));
}
