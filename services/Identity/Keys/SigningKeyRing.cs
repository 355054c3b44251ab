using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace TokenJourney.Identity.Keys;

/// <summary>
/// The provider's RSA keys, generated on first start and kept under the data directory (never in the repository):
/// the active signing key; the next one, published in the JWKS before it signs anything so every service already
/// trusts it when a rotation promotes it; the previous one, still published so tokens it signed keep validating until
/// they expire; and the key that encrypts authorization codes and refresh tokens.
/// </summary>
public sealed class SigningKeyRing
{
    private const int KeySize = 2048;
    private readonly string _signingFile;
    private readonly string _encryptionFile;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private volatile IReadOnlyList<StoredKey> _signing;
    private volatile IReadOnlyList<RsaSecurityKey> _signingKeys;

    public SigningKeyRing(string dataDirectory, TimeProvider time)
    {
        var directory = Path.Combine(dataDirectory, "keys");
        Directory.CreateDirectory(directory);
        _signingFile = Path.Combine(directory, "signing-keys.json");
        _encryptionFile = Path.Combine(directory, "encryption-key.json");
        _time = time;

        _signing = ReadKeys(_signingFile) switch
        {
            { Count: > 1 } stored => stored,
            // A ring written before keys were pre-published has no next key yet: add one.
            [var active] => [active, NewKey()],
            _ => [NewKey(), NewKey()],
        };
        WriteKeys(_signingFile, _signing);
        var encryption = ReadKeys(_encryptionFile) is { Count: > 0 } storedEncryption ? storedEncryption : [NewKey()];
        if (!File.Exists(_encryptionFile))
        {
            WriteKeys(_encryptionFile, encryption);
        }
        EncryptionKey = encryption[0].ToSecurityKey();
        _signingKeys = _signing.Select(k => k.ToSecurityKey()).ToList();
    }

    /// <summary>Active key first (access and ID tokens are signed with it), then the next and the previous one.</summary>
    public IReadOnlyList<RsaSecurityKey> SigningKeys => _signingKeys;

    public string ActiveKeyId => _signing[0].Kid;

    public RsaSecurityKey EncryptionKey { get; }

    /// <summary>Promotes the pre-published next key, publishes a new next key and keeps the active one as the previous key.</summary>
    public KeyRotationResult Rotate()
    {
        lock (_gate)
        {
            List<StoredKey> rotated = [_signing[1], NewKey(), _signing[0]];
            WriteKeys(_signingFile, rotated);
            _signingKeys = rotated.Select(k => k.ToSecurityKey()).ToList();
            _signing = rotated;
            return new KeyRotationResult(rotated[0].Kid, rotated[1].Kid, rotated[2].Kid);
        }
    }

    private StoredKey NewKey()
    {
        using var rsa = RSA.Create(KeySize);
        var parameters = rsa.ExportParameters(false);
        // kid: a stable fingerprint of the public key, short like Keycloak's.
        var kid = Base64UrlEncoder.Encode(SHA256.HashData([.. parameters.Modulus!, .. parameters.Exponent!]))[..22];
        return new StoredKey(kid, _time.GetUtcNow(), Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()));
    }

    private static List<StoredKey>? ReadKeys(string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<List<StoredKey>>(File.ReadAllText(file));
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The key file '{file}' is corrupt ({e.Message}); restore it or delete it to start with new keys.", e);
        }
    }

    private static void WriteKeys(string file, IReadOnlyList<StoredKey> keys)
    {
        var temporary = file + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            // Private keys: readable by the owner only.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            JsonSerializer.Serialize(stream, keys);
        }
        File.Move(temporary, file, overwrite: true);
    }

    private sealed record StoredKey(string Kid, DateTimeOffset CreatedAt, string Pkcs8)
    {
        public RsaSecurityKey ToSecurityKey()
        {
            var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(Pkcs8), out _);
            return new RsaSecurityKey(rsa) { KeyId = Kid };
        }
    }
}

public sealed record KeyRotationResult(string Active, string Next, string Previous);
