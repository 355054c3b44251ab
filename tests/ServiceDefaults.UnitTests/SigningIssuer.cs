using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.ServiceDefaults.UnitTests;

/// <summary>
/// An issuer with a real RSA key that signs whatever header and payload a test writes, byte for byte, so a test can
/// break exactly one rule while the signature stays genuine.
/// </summary>
internal sealed class SigningIssuer
{
    public const string Authority = "http://localhost:8080/realms/tokenjourney";
    public const string Audience = "orders";
    public const string Kid = "test-key";

    private static readonly RSA SharedRsa = RSA.Create(2048);

    public RSA Rsa { get; } = SharedRsa;

    /// <summary>The key as the provider's JWKS publishes it: with its kid and the alg it declares (null: none declared).</summary>
    public JsonWebKey Jwk(string? alg = SecurityAlgorithms.RsaSha256, string kid = Kid)
    {
        var parameters = Rsa.ExportParameters(false);
        var jwk = new JsonWebKey
        {
            Kty = JsonWebAlgorithmsKeyTypes.RSA,
            Kid = kid,
            Use = JsonWebKeyUseNames.Sig,
            N = Base64UrlEncoder.Encode(parameters.Modulus),
            E = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (alg is not null)
        {
            jwk.Alg = alg;
        }
        return jwk;
    }

    public static TokenValidationOptions Options() => new() { Authority = Authority, Audience = Audience };

    public TokenValidationParameters Parameters(TokenValidationOptions options, params SecurityKey[] keys)
    {
        var parameters = TokenValidationExtensions.CreateParameters(options);
        parameters.IssuerSigningKeys = keys.Length > 0 ? keys : [Jwk()];
        return parameters;
    }

    public static JsonObject Header(string typ = "at+jwt", string alg = "RS256") => new() { ["alg"] = alg, ["kid"] = Kid, ["typ"] = typ };

    /// <summary>A payload our provider would issue: every claim an access token needs, a five-minute lifetime.</summary>
    public static JsonObject Claims()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["iss"] = Authority,
            ["aud"] = Audience,
            ["sub"] = "alice-id",
            ["azp"] = "journey-tests",
            ["jti"] = Guid.NewGuid().ToString(),
            ["typ"] = "Bearer",
            ["scope"] = "orders:read orders:write",
            ["iat"] = now - 1,
            ["nbf"] = now - 1,
            ["exp"] = now + 300,
        };
    }

    public string Sign(JsonObject header, JsonObject payload) =>
        SignRaw(header.ToJsonString(), payload.ToJsonString(), header["alg"]?.GetValue<string>() ?? "RS256");

    /// <summary>Signs the exact JSON text given (duplicate members and all) with the algorithm named.</summary>
    public string SignRaw(string headerJson, string payloadJson, string alg = "RS256")
    {
        var input = $"{Encode(headerJson)}.{Encode(payloadJson)}";
        var data = Encoding.ASCII.GetBytes(input);
        var signature = alg switch
        {
            "RS256" => Rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "PS256" => Rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            "HS256" => HMACSHA256.HashData(Rsa.ExportSubjectPublicKeyInfo(), data),
            _ => throw new ArgumentOutOfRangeException(nameof(alg)),
        };
        return $"{input}.{Base64UrlEncoder.Encode(signature)}";
    }

    public static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));

    public static string Json(object value) => JsonSerializer.Serialize(value);
}
