using System.Security.Cryptography;
using System.Text;

namespace TokenJourney.Identity.Realm;

/// <summary>
/// The realm file carries demo passwords as Keycloak import credentials (clear text, hashed on import). The provider
/// hashes them the same way on load so the clear text does not stay in memory longer than loading takes.
/// </summary>
public sealed class PasswordVerifier
{
    private const int Iterations = 27_500; // Keycloak 23's pbkdf2-sha256 default (24 raised it to 210,000; 26 uses Argon2): README, differences.
    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private PasswordVerifier(byte[] salt, byte[] hash)
    {
        _salt = salt;
        _hash = hash;
    }

    public static PasswordVerifier FromClearText(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return new PasswordVerifier(salt, Hash(password, salt));
    }

    public bool Verify(string? password) =>
        password is not null && CryptographicOperations.FixedTimeEquals(Hash(password, _salt), _hash);

    private static byte[] Hash(string password, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
}
