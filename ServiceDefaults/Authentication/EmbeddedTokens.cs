using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>
/// The one claim that carries embedded tokens: <c>"embedded_tokens": { "&lt;audience&gt;": "&lt;JWT&gt;" }</c>, each JWT an
/// access token of the same issuer for that audience alone, with a narrower <c>scope</c> and an <c>exp</c> no later
/// than the token carrying it. Shared by the identity provider (which writes it), the gateway and Orders (which take
/// the token for the next hop from it); whoever takes one still validates it like any other access token.
/// </summary>
public static class EmbeddedTokens
{
    public const string ClaimName = "embedded_tokens";

    /// <summary>
    /// Every embedded token of an already validated <paramref name="carrier"/> by audience: empty when it has no such
    /// claim or the claim is not an object; entries that are not non-empty strings are left out.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Read(JsonWebToken carrier)
    {
        if (!carrier.TryGetPayloadValue<JsonElement>(ClaimName, out var embedded) || embedded.ValueKind != JsonValueKind.Object)
        {
            return Empty;
        }
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in embedded.EnumerateObject())
        {
            if (entry.Value.ValueKind == JsonValueKind.String && entry.Value.GetString() is { Length: > 0 } jwt)
            {
                tokens[entry.Name] = jwt;
            }
        }
        return tokens;
    }

    /// <summary>The embedded token for <paramref name="audience"/>, or null when <paramref name="carrier"/> carries none.</summary>
    public static string? For(JsonWebToken carrier, string audience) =>
        Read(carrier).TryGetValue(audience, out var jwt) ? jwt : null;

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
}
