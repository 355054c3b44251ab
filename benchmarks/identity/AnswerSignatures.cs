using System.Text;
using System.Text.Json;

namespace TokenJourney.Benchmarks.Identity;

/// <summary>
/// How many RS256 signatures one answer of the token endpoint carries: its access and ID tokens when they are JWTs, and
/// every JWT embedded in their claims (token embedding puts signed tokens for downstream audiences inside the access
/// token). A grant cannot cost less CPU than that many signatures, so its share of the RS256 rate is at most 1 / that.
/// Refresh tokens are the provider's own (HMAC and AES key wrap) and count nothing.
/// </summary>
internal static class AnswerSignatures
{
    public static int Count(JsonElement answer) =>
        answer.EnumerateObject().Where(p => p.Name is "access_token" or "id_token" && p.Value.ValueKind == JsonValueKind.String)
            .Sum(p => CountJwt(p.Value.GetString()!));

    private static int CountJwt(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || Decode(parts[0]) is not { } header || !header.RootElement.TryGetProperty("alg", out var alg) ||
            alg.GetString() != "RS256" || Decode(parts[1]) is not { } payload)
        {
            return 0;
        }
        using (header)
        using (payload)
        {
            return 1 + Nested(payload.RootElement);
        }
    }

    private static int Nested(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Sum(p => Nested(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Sum(Nested),
        JsonValueKind.String when element.GetString() is { } text && text.StartsWith("eyJ", StringComparison.Ordinal) => CountJwt(text),
        _ => 0,
    };

    private static JsonDocument? Decode(string segment)
    {
        try
        {
            var base64 = segment.Replace('-', '+').Replace('_', '/');
            return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='))));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
