using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.ServiceDefaults.UnitTests;

/// <summary>Runs the shared validator as every service configures it, against the issuer's real key.</summary>
public abstract class ValidatorTest
{
    internal SigningIssuer Issuer { get; } = new();

    protected async Task<string?> RefusalAsync(string token, TokenValidationOptions? options = null, params SecurityKey[] keys)
    {
        options ??= SigningIssuer.Options();
        var handler = new StrictJwtHandler(options, TimeProvider.System);
        var result = await handler.ValidateTokenAsync(token, Issuer.Parameters(options, keys));
        return result.IsValid ? null : TokenRejectionReason.From(result.Exception);
    }

    protected Task<string?> RefusalAsync(JsonObject header, JsonObject payload) => RefusalAsync(Issuer.Sign(header, payload));

    protected static JsonObject With(JsonObject json, string name, JsonNode? value)
    {
        json[name] = value;
        return json;
    }

    protected static JsonObject Without(JsonObject json, string name)
    {
        json.Remove(name);
        return json;
    }
}
