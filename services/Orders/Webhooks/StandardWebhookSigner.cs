using System.Security.Cryptography;
using System.Text;

namespace TokenJourney.Orders.Webhooks;

/// <summary>
/// Standard Webhooks (standardwebhooks.com) signing: <c>v1,</c> + base64 HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>, keyed with the base64 part of a <c>whsec_</c> secret.
/// </summary>
public static class StandardWebhookSigner
{
    private const string SecretPrefix = "whsec_";

    public static bool TryReadSecret(string? secret, out byte[] key)
    {
        key = [];
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return false;
        }
        try
        {
            key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
        }
        catch (FormatException)
        {
            return false;
        }
        return key.Length is >= 16 and <= 64;
    }

    public static string Sign(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }
}
