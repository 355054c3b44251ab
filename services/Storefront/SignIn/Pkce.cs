using System.Security.Cryptography;
using System.Text;
using System.Buffers.Text;

namespace TokenJourney.Storefront.SignIn;

/// <summary>RFC 7636 proof key: the verifier stays on the server, only its S256 challenge travels via the browser.</summary>
public static class Pkce
{
    public static string NewVerifier() => RandomValue(32);

    public static string Challenge(string verifier) =>
        Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>An unguessable URL-safe value (state, nonce, verifier, session id).</summary>
    public static string RandomValue(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));
}
