using System.Buffers.Text;
using System.Text.Json;

namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>What the header and payload of a well-formed compact JWS say, read once from the bytes that are then verified.</summary>
public sealed record JwsFacts(
    string Alg, string? Kid, string? HeaderType, string? PayloadType,
    string? Subject, string? TokenId, string? Client, double? IssuedAt, double? Expires);

/// <summary>
/// The strict reading of a compact JWS (RFC 7515 §7.1) that comes before any key or signature: exactly three
/// base64url segments without padding or foreign characters, JSON objects without duplicate members, no JWE or
/// nested JWT (no decryption is configured anywhere), no <c>crit</c> extension (we process none, §4.1.11), and
/// NumericDate claims that are JSON numbers (RFC 7519 §2). Libraries are lenient on each of these; a parser
/// differential between what we check and what we use is how a forged meaning slips through. Registered string
/// claims (iss, sub, jti, typ, azp, client_id) of another JSON type are malformed too.
/// </summary>
public static class CompactJws
{
    // Year 9999: beyond it DateTime conversions throw, and no honest token gets near it.
    private const double LatestNumericDate = 253_402_300_799;
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 16 };

    /// <returns>Null with the facts when the token reads strictly; otherwise a <see cref="TokenRejectionReason"/>.</returns>
    public static string? Read(string token, int maxLength, out JwsFacts facts)
    {
        facts = null!;
        if (token.Length > maxLength)
        {
            return TokenRejectionReason.Oversized;
        }
        var segments = token.AsSpan().Count('.') + 1;
        if (segments == 5)
        {
            return TokenRejectionReason.Encrypted;
        }
        if (segments != 3)
        {
            return TokenRejectionReason.Malformed;
        }
        var first = token.IndexOf('.');
        var second = token.IndexOf('.', first + 1);
        var header = token.AsSpan(0, first);
        var payload = token.AsSpan(first + 1, second - first - 1);
        var signature = token.AsSpan(second + 1);
        if (!IsBase64Url(header) || !IsBase64Url(payload) || !IsBase64Url(signature))
        {
            return TokenRejectionReason.Malformed;
        }

        try
        {
            using var headerJson = JsonDocument.Parse(Base64Url.DecodeFromChars(header), Strict);
            using var payloadJson = JsonDocument.Parse(Base64Url.DecodeFromChars(payload), Strict);
            return ReadHeader(headerJson.RootElement, out var alg, out var kid, out var type)
                ?? ReadPayload(payloadJson.RootElement, alg, kid, type, out facts);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return TokenRejectionReason.Malformed;
        }
    }

    private static string? ReadHeader(JsonElement header, out string alg, out string? kid, out string? type)
    {
        alg = "";
        kid = type = null;
        if (header.ValueKind != JsonValueKind.Object)
        {
            return TokenRejectionReason.Malformed;
        }
        if (header.TryGetProperty("enc", out _))
        {
            return TokenRejectionReason.Encrypted;
        }
        // crit: we understand no extension, so any crit (empty, naming a registered parameter or an unknown one) is refused.
        if (header.TryGetProperty("crit", out _))
        {
            return TokenRejectionReason.CritUnsupported;
        }
        if (OptionalString(header, "cty", out var contentType) is false ||
            string.Equals(contentType, "JWT", StringComparison.OrdinalIgnoreCase) ||
            string.Equals(contentType, "application/jwt", StringComparison.OrdinalIgnoreCase))
        {
            return TokenRejectionReason.Nested;
        }
        if (OptionalString(header, "alg", out var algorithm) is false || string.IsNullOrEmpty(algorithm) ||
            OptionalString(header, "kid", out kid) is false || OptionalString(header, "typ", out type) is false)
        {
            return TokenRejectionReason.Malformed;
        }
        alg = algorithm;
        return null;
    }

    private static string? ReadPayload(JsonElement payload, string alg, string? kid, string? headerType, out JwsFacts facts)
    {
        facts = null!;
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return TokenRejectionReason.Malformed;
        }
        if (NumericDate(payload, "exp", out var exp) is false || NumericDate(payload, "nbf", out _) is false ||
            NumericDate(payload, "iat", out var iat) is false)
        {
            return TokenRejectionReason.NumericDateInvalid;
        }
        // Registered string claims of another JSON type: IdentityModel would fail on them with no reason, or convert them.
        if (OptionalString(payload, "iss", out _) is false || OptionalString(payload, "sub", out var sub) is false ||
            OptionalString(payload, "jti", out var jti) is false || OptionalString(payload, "typ", out var type) is false ||
            OptionalString(payload, "azp", out var azp) is false || OptionalString(payload, "client_id", out var clientId) is false)
        {
            return TokenRejectionReason.Malformed;
        }
        facts = new JwsFacts(alg, kid, headerType, type, sub, jti, azp ?? clientId, iat, exp);
        return null;
    }

    /// <returns>False when present but not a string; true otherwise (value null when absent).</returns>
    private static bool OptionalString(JsonElement json, string name, out string? value)
    {
        value = null;
        if (!json.TryGetProperty(name, out var element))
        {
            return true;
        }
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        value = element.GetString();
        return true;
    }

    private static bool NumericDate(JsonElement json, string name, out double? value)
    {
        value = null;
        if (!json.TryGetProperty(name, out var element))
        {
            return true;
        }
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var seconds) || seconds is < 0 or > LatestNumericDate)
        {
            return false;
        }
        value = seconds;
        return true;
    }

    /// <summary>RFC 7515 base64url without padding: only A-Z a-z 0-9 - _, and never a length that no byte count encodes to.</summary>
    private static bool IsBase64Url(ReadOnlySpan<char> segment)
    {
        if (segment.IsEmpty || segment.Length % 4 == 1)
        {
            return false;
        }
        foreach (var c in segment)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }
        return true;
    }
}
