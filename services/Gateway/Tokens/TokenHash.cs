using System.Security.Cryptography;
using System.Text;

namespace TokenJourney.Gateway.Tokens;

/// <summary>Cache keys are SHA-256 of the token: a dump of the memo or of Redis yields nothing usable as a credential.</summary>
public static class TokenHash
{
    public static string Of(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetMaxByteCount(token.Length);
        var buffer = length <= 4096 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(token, buffer);
        SHA256.HashData(buffer[..written], hash);
        return Convert.ToHexStringLower(hash);
    }
}
