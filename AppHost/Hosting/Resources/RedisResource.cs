using TokenJourney.AppHost.Hosting.Processes;

namespace TokenJourney.AppHost.Hosting.Resources;

/// <summary>
/// Redis as a local redis-server on a free loopback port with its own data folder (append-only file, so the
/// phantom-token cache and deny-list survive an AppHost restart), or an external instance when
/// <c>ConnectionStrings:{name}</c> is configured.
/// </summary>
public sealed class RedisResource(string name, string? externalConnectionString) : Resource(name), IResourceWithConnectionString
{
    private ChildProcess? _server;

    public int Port { get; private set; }
    public override bool IsExternal => externalConnectionString is not null;
    public string ConnectionString => externalConnectionString ?? $"127.0.0.1:{Port}";
    public override string? DisplayUrl => IsExternal ? "(external)" : $"redis://127.0.0.1:{Port}";

    protected internal override void Allocate(DistributedApplicationOptions options)
    {
        base.Allocate(options);
        Port = IsExternal ? ExternalEndpoint().Port : PortAllocator.FreePort();
    }

    protected internal override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsExternal)
        {
            await WaitUntilReadyAsync([], cancellationToken);
            return;
        }

        var executable = RepositoryLayout.FindExecutable(Options.ExecutableSearchPath, "redis-server");
        var dataDirectory = Directory.CreateDirectory(Path.Combine(Options.RunDirectory, Name)).FullName;
        string[] arguments = Options.Ephemeral
            ? ["--port", $"{Port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            : ["--port", $"{Port}", "--bind", "127.0.0.1", "--dir", dataDirectory, "--save", "", "--appendonly", "yes", "--appendfsync", "everysec"];
        _server = await StartProcessAsync("redis-server", new ProcessSpec(executable, arguments, dataDirectory, new Dictionary<string, string>()));
        await WaitUntilReadyAsync([_server], cancellationToken);
    }

    protected internal override async Task StopAsync(bool kill)
    {
        if (_server is null)
        {
            return;
        }
        await _server.StopAsync(TimeSpan.FromSeconds(10), kill);
        _server = null;
    }

    protected internal override Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        var (host, port) = ExternalEndpoint();
        return Probes.TcpAsync(host, port, cancellationToken);
    }

    private (string Host, int Port) ExternalEndpoint()
    {
        if (!IsExternal)
        {
            return ("127.0.0.1", Port);
        }
        // StackExchange.Redis format: "host:port,option=value,..."
        var endpoint = externalConnectionString!.Split(',')[0].Trim();
        var colon = endpoint.LastIndexOf(':');
        return colon > 0 && int.TryParse(endpoint[(colon + 1)..], out var port)
            ? (endpoint[..colon], port)
            : (endpoint, 6379);
    }
}
