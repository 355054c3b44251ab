using System.Text.Json;

namespace TokenJourney.AppHost.Hosting.Resources;

/// <summary>
/// The identity provider every service trusts. By default the built-in provider (services/Identity) serving the
/// Keycloak realm file; when an external authority (a real Keycloak realm URL) is configured, nothing is started
/// and services are pointed there. Services only ever learn the authority URL and their own audience.
/// </summary>
public sealed class IdentityProviderResource(string name, string projectDirectory, int defaultPort, string realmFile, string? externalAuthority)
    : ProjectResource(name, projectDirectory, defaultPort)
{
    private JsonDocument? _realm;

    public string RealmFile { get; } = realmFile;
    public override bool IsExternal => externalAuthority is not null;
    public string RealmName => Realm.RootElement.GetProperty("realm").GetString()
        ?? throw new DistributedApplicationException($"{RealmFile} has no \"realm\" name.");

    /// <summary>The realm URL: the issuer of every token and the one thing services are told about identity.</summary>
    public string Authority => externalAuthority?.TrimEnd('/') ?? $"{HttpUrl.ToString().TrimEnd('/')}/realms/{RealmName}";

    public override string? DisplayUrl => Authority;

    /// <summary>A confidential client's secret, read from the realm file so that file stays the one source of truth.</summary>
    public string ClientSecret(string clientId)
    {
        foreach (var client in Realm.RootElement.GetProperty("clients").EnumerateArray())
        {
            if (client.GetProperty("clientId").GetString() == clientId)
            {
                return client.TryGetProperty("secret", out var secret) && secret.GetString() is { Length: > 0 } value
                    ? value
                    : throw new DistributedApplicationException($"Client '{clientId}' in {RealmFile} has no secret.");
            }
        }
        throw new DistributedApplicationException($"Client '{clientId}' is not in {RealmFile}.");
    }

    private JsonDocument Realm => _realm ??= LoadRealm();

    private JsonDocument LoadRealm()
    {
        var path = Path.Combine(Options.RepositoryRoot, RealmFile);
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            throw new DistributedApplicationException($"Cannot read the realm file {path}: {e.Message}", e);
        }
    }

    protected internal override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsExternal)
        {
            await WaitUntilReadyAsync([], cancellationToken);
            return;
        }
        SetEnvironment("Realm__File", () => Path.Combine(Options.RepositoryRoot, RealmFile));
        SetEnvironment("Identity__Authority", () => Authority);
        await base.StartAsync(cancellationToken);
    }

    protected internal override Task StopAsync(bool kill) => IsExternal ? Task.CompletedTask : base.StopAsync(kill);

    protected internal override Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => IsExternal
        ? Probes.HttpOkAsync(new Uri($"{Authority}/.well-known/openid-configuration"), cancellationToken)
        : base.IsHealthyAsync(cancellationToken);
}
