using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace TokenJourney.Storefront.SignIn;

/// <summary>RFC 7636 proof key: the verifier stays on the server, only its S256 challenge travels via the browser.</summary>
public static class Pkce
{
    public static string NewVerifier() => RandomValue(32);

    public static string Challenge(string verifier) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>An unguessable URL-safe value (state, nonce, verifier, session id).</summary>
    public static string RandomValue(int bytes) => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(bytes));
}
