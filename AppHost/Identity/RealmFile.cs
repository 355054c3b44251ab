using System.Text.Json;

namespace TokenJourney.AppHost.Identity;

/// <summary>
/// The Keycloak realm export (keycloak-realm/), read for the two things AppHost needs from it: the realm's name (part
/// of the issuer) and confidential clients' secrets, so the file stays the one source of truth.
/// </summary>
public sealed class RealmFile
{
    private readonly JsonDocument _realm;

    private RealmFile(string path, JsonDocument realm)
    {
        Path = path;
        _realm = realm;
        Name = realm.RootElement.TryGetProperty("realm", out var name) && name.GetString() is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{path} has no \"realm\" name.");
    }

    public string Path { get; }

    public string Name { get; }

    public static RealmFile Read(string path)
    {
        try
        {
            return new RealmFile(path, JsonDocument.Parse(File.ReadAllText(path)));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            throw new InvalidOperationException($"Cannot read the realm file {path}: {e.Message}", e);
        }
    }

    public string ClientSecret(string clientId)
    {
        foreach (var client in _realm.RootElement.GetProperty("clients").EnumerateArray())
        {
            if (client.GetProperty("clientId").GetString() == clientId)
            {
                return client.TryGetProperty("secret", out var secret) && secret.GetString() is { Length: > 0 } value
                    ? value
                    : throw new InvalidOperationException($"Client '{clientId}' in {Path} has no secret.");
            }
        }
        throw new InvalidOperationException($"Client '{clientId}' is not in {Path}.");
    }
}
