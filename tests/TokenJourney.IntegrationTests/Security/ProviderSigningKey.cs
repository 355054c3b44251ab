using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TokenJourney.IntegrationTests.Gateway;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Security;

/// <summary>
/// The identity provider's active signing key, read from its data folder (<c>keys/signing-keys.json</c>, active key
/// first), so a test can mint tokens every service verifies as genuine while breaking exactly one rule.
/// </summary>
internal sealed class ProviderSigningKey
{
    private readonly RSA _rsa = RSA.Create();
    private readonly string _authority;

    public ProviderSigningKey(TokenJourneyFixture app)
    {
        _authority = app.Authority;
        var file = Path.Combine(app.DataDirectory("identity"), "keys", "signing-keys.json");
        using var keys = JsonDocument.Parse(File.ReadAllText(file));
        var active = keys.RootElement[0];
        Kid = active.GetProperty("Kid").GetString()!;
        _rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(active.GetProperty("Pkcs8").GetString()!), out _);
    }

    public string Kid { get; }

    public JsonObject Header(string typ = "at+jwt", string alg = "RS256") => new() { ["alg"] = alg, ["kid"] = Kid, ["typ"] = typ };

    /// <summary>What the provider issues alice for the gateway and Orders: every claim an access token needs, five minutes.</summary>
    public JsonObject Claims(string subject = "alice-minted")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["iss"] = _authority,
            ["aud"] = new JsonArray("gateway", "orders", "shipping"),
            ["sub"] = subject,
            ["azp"] = "journey-tests",
            ["jti"] = Guid.NewGuid().ToString(),
            ["typ"] = "Bearer",
            ["scope"] = "orders:read orders:write shipping:create",
            ["iat"] = now - 1,
            ["nbf"] = now - 1,
            ["exp"] = now + 300,
        };
    }

    public string Sign(JsonObject header, JsonObject payload)
    {
        var input = $"{Encode(header.ToJsonString())}.{Encode(payload.ToJsonString())}";
        var padding = header["alg"]?.GetValue<string>() == "PS256" ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        return $"{input}.{IdentityProviderClient.Base64Url(_rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, padding))}";
    }

    public static string Encode(string json) => IdentityProviderClient.Base64Url(Encoding.UTF8.GetBytes(json));
}
