using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace TokenJourney.Identity.Keys;

/// <summary>
/// Symmetric keys for the tokens only this provider ever reads, authorization codes and refresh tokens: an HMAC-SHA256
/// signature and AES key wrap instead of an RSA signature and RSA-OAEP, as Keycloak signs its refresh tokens with a realm
/// HMAC key. A refresh cost four RSA private-key operations (decrypt the old refresh token, sign the new one, sign the
/// access and the ID token); two remain. Generated on first start under the data directory, never in the repository.
/// </summary>
public sealed class InternalTokenKeys
{
    public InternalTokenKeys(string dataDirectory)
    {
        var directory = Path.Combine(dataDirectory, "keys");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "internal-token-keys.json");
        var stored = Read(file) ?? Write(file, new StoredKeys(
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        SigningKey = new SymmetricSecurityKey(Convert.FromBase64String(stored.Signing));
        EncryptionKey = new SymmetricSecurityKey(Convert.FromBase64String(stored.Encryption));
    }

    public SymmetricSecurityKey SigningKey { get; }

    public SymmetricSecurityKey EncryptionKey { get; }

    private static StoredKeys? Read(string file)
    {
        if (!File.Exists(file))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<StoredKeys>(File.ReadAllText(file));
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The key file '{file}' is corrupt ({e.Message}); restore it or delete it to start with new keys.", e);
        }
    }

    private static StoredKeys Write(string file, StoredKeys keys)
    {
        var temporary = file + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            // Secret keys: readable by the owner only.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            JsonSerializer.Serialize(stream, keys);
        }
        File.Move(temporary, file, overwrite: true);
        return keys;
    }

    private sealed record StoredKeys(string Signing, string Encryption);
}
