using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TokenJourney.JourneyView.Inspector;

/// <summary>
/// jwt.io, but local: decodes a compact JWS, puts its times in human form and warns about what deserves a second
/// look. Nothing is kept: the token lives only for the duration of one call.
/// </summary>
public static partial class TokenInspector
{
    /// <summary>Access tokens living longer than this deserve a warning (OAuth 2.0 Security BCP: keep them short).</summary>
    public static readonly TimeSpan LongLifetime = TimeSpan.FromHours(1);

    private static readonly string[] TimeClaims = ["iat", "nbf", "exp", "auth_time"];

    private static readonly string[] PersonalClaims =
    [
        "email", "phone_number", "address", "birthdate", "name", "given_name", "family_name", "middle_name",
        "gender", "ssn", "national_id", "passport", "iban", "credit_card",
    ];

    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public static TokenInspection Inspect(string? token, DateTimeOffset now)
    {
        var compact = (token ?? "").Trim();
        if (compact.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            compact = compact[7..].Trim();
        }
        if (compact.Length == 0)
        {
            return new TokenInspection { Error = "Paste a token to inspect it." };
        }
        var parts = compact.Split('.');
        if (parts.Length == 5)
        {
            return new TokenInspection { Error = "This is an encrypted token (JWE, five parts): only its recipient can read it." };
        }
        if (parts.Length != 3)
        {
            return new TokenInspection { Error = $"Not a JWT: a signed token has three dot-separated parts, this has {parts.Length}. An opaque (reference) token can only be read by introspection at the identity provider." };
        }

        JsonObject header;
        JsonObject payload;
        try
        {
            header = ParseObject(parts[0], "header");
            payload = ParseObject(parts[1], "payload");
        }
        catch (FormatException e)
        {
            return new TokenInspection { Error = e.Message };
        }

        var alg = header["alg"] is JsonValue a && a.TryGetValue<string>(out var algValue) ? algValue : null;
        var times = new List<TimeClaim>();
        foreach (var claim in TimeClaims)
        {
            if (NumericDate(payload[claim]) is { } value)
            {
                times.Add(new TimeClaim(claim, value, HumanTime.Relative(claim, value, now)));
            }
        }

        return new TokenInspection
        {
            HeaderJson = header.ToJsonString(Pretty),
            PayloadJson = payload.ToJsonString(Pretty),
            Algorithm = alg,
            KeyId = header["kid"]?.ToString(),
            Type = header["typ"]?.ToString(),
            Times = times,
            Warnings = Warnings(alg, parts[2], payload, now),
        };
    }

    private static List<InspectionWarning> Warnings(string? alg, string signature, JsonObject payload, DateTimeOffset now)
    {
        var warnings = new List<InspectionWarning>();
        if (alg is null || alg.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            warnings.Add(new(WarningLevel.Danger, "alg is \"none\": the token is not signed, anyone could have written it. Never accept it."));
        }
        else if (signature.Length == 0)
        {
            warnings.Add(new(WarningLevel.Danger, "The signature part is empty."));
        }
        else if (alg.StartsWith("HS", StringComparison.Ordinal))
        {
            warnings.Add(new(WarningLevel.Info, $"{alg} is a shared-secret (symmetric) algorithm: every party that can verify it can also mint tokens."));
        }

        var exp = NumericDate(payload["exp"]);
        var iat = NumericDate(payload["iat"]) ?? NumericDate(payload["nbf"]);
        if (exp is null)
        {
            warnings.Add(new(WarningLevel.Danger, "No exp claim: this token never expires."));
        }
        else
        {
            if (exp <= now)
            {
                warnings.Add(new(WarningLevel.Warning, $"Expired {HumanTime.Span(now - exp.Value)} ago: a resource server must reject it."));
            }
            var lifetime = exp.Value - (iat ?? now);
            if (lifetime > LongLifetime)
            {
                warnings.Add(new(WarningLevel.Warning, $"Long lifetime: {HumanTime.Span(lifetime)} from {(iat is null ? "now" : "issue")} to expiry. Access tokens should live minutes, with refresh tokens for the rest."));
            }
        }

        var personal = new List<string>();
        foreach (var (name, value) in payload)
        {
            if (PersonalClaims.Contains(name, StringComparer.OrdinalIgnoreCase)
                || (value is JsonValue v && v.TryGetValue<string>(out var text) && (EmailPattern().IsMatch(text) || PhonePattern().IsMatch(text))))
            {
                personal.Add(name);
            }
        }
        if (personal.Count > 0)
        {
            warnings.Add(new(WarningLevel.Warning, $"Claims that look like personal data: {string.Join(", ", personal)}. Tokens are logged and cached along the way; keep personal data out of access tokens."));
        }
        return warnings;
    }

    private static JsonObject ParseObject(string segment, string part)
    {
        byte[] bytes;
        try
        {
            bytes = System.Buffers.Text.Base64Url.DecodeFromChars(segment);
        }
        catch (FormatException)
        {
            throw new FormatException($"The {part} is not valid base64url.");
        }
        try
        {
            return JsonNode.Parse(bytes) as JsonObject
                ?? throw new FormatException($"The {part} is not a JSON object.");
        }
        catch (JsonException)
        {
            throw new FormatException($"The {part} is not JSON: {Truncate(Encoding.UTF8.GetString(bytes))}");
        }
    }

    private static string Truncate(string text) => text.Length > 60 ? text[..60] + "…" : text;

    private static DateTimeOffset? NumericDate(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var seconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : null;

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?[0-9][0-9 ()-]{7,}[0-9]$")]
    private static partial Regex PhonePattern();
}
