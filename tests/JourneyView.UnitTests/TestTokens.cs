using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TokenJourney.JourneyView.UnitTests;

/// <summary>Real signed JWTs, made with a real key, so the inspector is tested on what an identity provider issues.</summary>
public sealed class TestTokens : IDisposable
{
    public RSA Rsa { get; } = RSA.Create(2048);
    public ECDsa Ec { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string RsaJwk(string kid)
    {
        var p = Rsa.ExportParameters(false);
        return JsonSerializer.Serialize(new { kty = "RSA", kid, use = "sig", alg = "RS256", n = Base64Url.EncodeToString(p.Modulus), e = Base64Url.EncodeToString(p.Exponent) });
    }

    public string EcJwk(string kid)
    {
        var p = Ec.ExportParameters(false);
        return JsonSerializer.Serialize(new { kty = "EC", kid, crv = "P-256", x = Base64Url.EncodeToString(p.Q.X), y = Base64Url.EncodeToString(p.Q.Y) });
    }

    public static string Jwks(params string[] jwks) => "{\"keys\":[" + string.Join(",", jwks) + "]}";

    public string Sign(object header, object payload)
    {
        var signingInput = Segment(header) + "." + Segment(payload);
        var alg = JsonSerializer.SerializeToElement(header).GetProperty("alg").GetString();
        var data = Encoding.ASCII.GetBytes(signingInput);
        var signature = alg switch
        {
            "RS256" => Rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "PS256" => Rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            "ES256" => Ec.SignData(data, HashAlgorithmName.SHA256),
            "none" => [],
            _ => throw new ArgumentException(alg),
        };
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    public static string Segment(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));

    public void Dispose()
    {
        Rsa.Dispose();
        Ec.Dispose();
    }
}
