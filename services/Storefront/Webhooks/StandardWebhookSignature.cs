using System.Security.Cryptography;
using System.Text;

namespace TokenJourney.Storefront.Webhooks;

/// <summary>
/// Standard Webhooks (standardwebhooks.com) verification: HMAC-SHA256 over <c>{webhook-id}.{webhook-timestamp}.{body}</c>
/// with the shared key, compared in constant time against each <c>v1,</c> signature, with a timestamp window.
/// </summary>
public static class StandardWebhookSignature
{
    private const string SecretPrefix = "whsec_";

    public static byte[] KeyFrom(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);

    public static string Sign(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    /// <returns>null when valid, otherwise why not (safe to log: it never contains the key or a signature).</returns>
    public static string? Verify(byte[] key, string? id, string? timestamp, string? signatureHeader, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatureHeader))
        {
            return "missing webhook-id, webhook-timestamp or webhook-signature header";
        }
        if (!long.TryParse(timestamp, out var seconds))
        {
            return "webhook-timestamp is not a Unix time in seconds";
        }
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (sentAt < now - tolerance || sentAt > now + tolerance)
        {
            return $"webhook-timestamp is outside the {tolerance.TotalSeconds:0} s window (possible replay)";
        }
        var expected = Encoding.ASCII.GetBytes(Sign(key, id, seconds, body));
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected))
            {
                return null;
            }
        }
        return "no v1 signature matches";
    }
}
