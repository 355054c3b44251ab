using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using B64 = System.Buffers.Text.Base64Url;

namespace TokenJourney.JourneyView.Inspector;

/// <summary>
/// Checks a compact JWS signature against a JWKS (the identity provider's, fetched), a single JWK, a PEM public key
/// or, for HS*, a shared secret, all pasted by the user. RS/PS/ES 256/384/512 and HS 256/384/512.
/// </summary>
public static class SignatureVerifier
{
    public static SignatureCheck Verify(string token, string keyMaterial, string keySource)
    {
        var compact = token.Trim();
        if (compact.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            compact = compact[7..].Trim();
        }
        var parts = compact.Split('.');
        if (parts.Length != 3)
        {
            return new(SignatureOutcome.Unsupported, "Only a signed JWT (three parts) can be verified.");
        }
        string? alg;
        string? kid;
        byte[] signature;
        try
        {
            using var header = JsonDocument.Parse(B64.DecodeFromChars(parts[0]));
            alg = header.RootElement.TryGetProperty("alg", out var a) ? a.GetString() : null;
            kid = header.RootElement.TryGetProperty("kid", out var k) ? k.GetString() : null;
            signature = B64.DecodeFromChars(parts[2]);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return new(SignatureOutcome.Invalid, "The token cannot be decoded.");
        }
        if (alg is null || alg.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return new(SignatureOutcome.Invalid, "alg none: there is no signature to verify, and the token must be rejected.");
        }
        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        var hash = HashFor(alg);
        if (hash is null)
        {
            return new(SignatureOutcome.Unsupported, $"The algorithm {alg} is not supported here.");
        }

        if (alg.StartsWith("HS", StringComparison.Ordinal))
        {
            var secret = Encoding.UTF8.GetBytes(keyMaterial.Trim());
            var expected = alg switch
            {
                "HS256" => HMACSHA256.HashData(secret, signed),
                "HS384" => HMACSHA384.HashData(secret, signed),
                _ => HMACSHA512.HashData(secret, signed),
            };
            return CryptographicOperations.FixedTimeEquals(expected, signature)
                ? new(SignatureOutcome.Verified, $"Signature verified ({alg}) with the pasted shared secret.")
                : new(SignatureOutcome.Invalid, $"Signature does NOT match the pasted shared secret ({alg}).");
        }

        List<JsonElement> keys;
        var material = keyMaterial.Trim();
        if (material.StartsWith("-----BEGIN", StringComparison.Ordinal))
        {
            return VerifyPem(material, alg, hash.Value, signed, signature);
        }
        try
        {
            using var document = JsonDocument.Parse(material);
            keys = document.RootElement.TryGetProperty("keys", out var set)
                ? [.. set.EnumerateArray().Select(k => k.Clone())]
                : [document.RootElement.Clone()];
        }
        catch (JsonException)
        {
            return new(SignatureOutcome.Unsupported, "The key is neither a JWKS, a JWK nor a PEM public key.");
        }

        var candidates = kid is null ? keys : [.. keys.Where(k => k.TryGetProperty("kid", out var id) && id.GetString() == kid)];
        if (candidates.Count == 0)
        {
            return new(SignatureOutcome.NoMatchingKey, $"No key with kid \"{kid}\" in {keySource} ({keys.Count} key(s)): it was signed by a key this provider does not (or no longer) publish.");
        }
        foreach (var jwk in candidates)
        {
            if (VerifyWithJwk(jwk, alg, hash.Value, signed, signature))
            {
                return new(SignatureOutcome.Verified, $"Signature verified ({alg}) with key {(kid is null ? "" : "\"" + kid + "\" ")}from {keySource}.");
            }
        }
        return new(SignatureOutcome.Invalid, $"Signature does NOT verify ({alg}) with {(kid is null ? "any key" : "key \"" + kid + "\"")} from {keySource}: the token was altered or signed by someone else.");
    }

    private static HashAlgorithmName? HashFor(string alg) => alg[^3..] switch
    {
        "256" => HashAlgorithmName.SHA256,
        "384" => HashAlgorithmName.SHA384,
        "512" => HashAlgorithmName.SHA512,
        _ => null,
    };

    private static bool VerifyWithJwk(JsonElement jwk, string alg, HashAlgorithmName hash, byte[] signed, byte[] signature)
    {
        var kty = jwk.TryGetProperty("kty", out var t) ? t.GetString() : null;
        try
        {
            if (kty == "RSA" && (alg.StartsWith("RS", StringComparison.Ordinal) || alg.StartsWith("PS", StringComparison.Ordinal)))
            {
                using var rsa = RSA.Create(new RSAParameters { Modulus = Member(jwk, "n"), Exponent = Member(jwk, "e") });
                return rsa.VerifyData(signed, signature, hash, alg.StartsWith("PS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1);
            }
            if (kty == "EC" && alg.StartsWith("ES", StringComparison.Ordinal))
            {
                var curve = jwk.GetProperty("crv").GetString() switch
                {
                    "P-256" => ECCurve.NamedCurves.nistP256,
                    "P-384" => ECCurve.NamedCurves.nistP384,
                    "P-521" => ECCurve.NamedCurves.nistP521,
                    var other => throw new FormatException($"curve {other}"),
                };
                using var ecdsa = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = Member(jwk, "x"), Y = Member(jwk, "y") } });
                return ecdsa.VerifyData(signed, signature, hash);
            }
        }
        catch (Exception e) when (e is FormatException or CryptographicException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
        return false;
    }

    private static SignatureCheck VerifyPem(string pem, string alg, HashAlgorithmName hash, byte[] signed, byte[] signature)
    {
        try
        {
            if (alg.StartsWith("ES", StringComparison.Ordinal))
            {
                using var ecdsa = ECDsa.Create();
                ecdsa.ImportFromPem(pem);
                return ecdsa.VerifyData(signed, signature, hash)
                    ? new(SignatureOutcome.Verified, $"Signature verified ({alg}) with the pasted public key.")
                    : new(SignatureOutcome.Invalid, $"Signature does NOT verify ({alg}) with the pasted public key.");
            }
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            var padding = alg.StartsWith("PS", StringComparison.Ordinal) ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
            return rsa.VerifyData(signed, signature, hash, padding)
                ? new(SignatureOutcome.Verified, $"Signature verified ({alg}) with the pasted public key.")
                : new(SignatureOutcome.Invalid, $"Signature does NOT verify ({alg}) with the pasted public key.");
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return new(SignatureOutcome.Unsupported, "The pasted PEM is not a public key for " + alg + ".");
        }
    }

    private static byte[] Member(JsonElement jwk, string name) => B64.DecodeFromChars(jwk.GetProperty(name).GetString() ?? "");
}
