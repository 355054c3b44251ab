using System.Security.Cryptography;
using System.Text;
using TokenJourney.AppHost.Hosting.Processes;

namespace TokenJourney.AppHost.Hosting.Resources;

/// <summary>
/// RabbitMQ as an isolated local broker: its own epmd, node name, ports and data folder, so it never meets a
/// system broker or another topology on the same machine. The data folder persists (durable queues and
/// persistent messages survive an AppHost restart) unless the run is ephemeral. An external broker is used
/// instead when <c>ConnectionStrings:{name}</c> is configured.
/// </summary>
public sealed class RabbitMqResource(string name, string? externalConnectionString) : Resource(name), IResourceWithConnectionString
{
    private ChildProcess? _epmd;
    private ChildProcess? _broker;

    public bool ManagementPlugin { get; internal set; }
    public int AmqpPort { get; private set; }
    public int ManagementPort { get; private set; }
    private int EpmdPort { get; set; }
    private int DistributionPort { get; set; }

    public override bool IsExternal => externalConnectionString is not null;
    public string ConnectionString => externalConnectionString ?? $"amqp://{RabbitMqDefinitions.User}:{RabbitMqDefinitions.Password}@127.0.0.1:{AmqpPort}";
    public override string? DisplayUrl => IsExternal ? "(external)" : ManagementPlugin ? $"http://localhost:{ManagementPort}" : $"amqp://127.0.0.1:{AmqpPort}";

    protected internal override void Allocate(DistributedApplicationOptions options)
    {
        base.Allocate(options);
        if (IsExternal)
        {
            var uri = new Uri(externalConnectionString!);
            AmqpPort = uri.IsDefaultPort ? 5672 : uri.Port;
            return;
        }
        AmqpPort = PortAllocator.FreePort();
        ManagementPort = ManagementPlugin ? PortAllocator.FreePort() : 0;
        EpmdPort = PortAllocator.FreePort();
        // Required: RabbitMQ's default is AMQP port + 20000, and above 45535 the boot fails while the launcher exits 0.
        DistributionPort = PortAllocator.FreePort();
    }

    protected internal override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (IsExternal)
        {
            await WaitUntilReadyAsync([], cancellationToken);
            return;
        }

        var server = RepositoryLayout.FindExecutable(Options.ExecutableSearchPath, "rabbitmq-server");
        var epmd = RepositoryLayout.FindExecutable(Options.ExecutableSearchPath, "epmd");
        var baseDirectory = Directory.CreateDirectory(Path.Combine(Options.RunDirectory, Name)).FullName;
        var environment = WriteConfiguration(baseDirectory);

        // epmd normally daemonizes and outlives the broker; run it in the foreground as our own child instead.
        _epmd = await StartProcessAsync("epmd", new ProcessSpec(epmd, ["-port", $"{EpmdPort}", "-address", "127.0.0.1"], baseDirectory, environment));
        _broker = await StartProcessAsync("rabbitmq-server", new ProcessSpec(server, [], baseDirectory, environment));
        await WaitUntilReadyAsync([_epmd, _broker], cancellationToken);
    }

    private Dictionary<string, string> WriteConfiguration(string baseDirectory)
    {
        var home = Directory.CreateDirectory(Path.Combine(baseDirectory, "home")).FullName;
        var config = Path.Combine(baseDirectory, "rabbitmq.conf");
        var definitions = Path.Combine(baseDirectory, "definitions.json");
        RabbitMqDefinitions.Write(definitions);
        var lines = new List<string>
        {
            $"listeners.tcp.default = 127.0.0.1:{AmqpPort}",
            "definitions.import_backend = local_filesystem",
            $"definitions.local.path = {definitions}",
            // Imported on the first boot of a run folder and again only when the file changes.
            "definitions.skip_if_unchanged = true",
            "loopback_users = none",
            "disk_free_limit.absolute = 50MB",
            "log.console = true",
            "log.console.level = warning",
            "log.file = false",
            // Health probes open and drop a connection every few seconds; each would log a warning. Real
            // connection failures still show as errors, and clients log their own side.
            "log.connection.level = error",
        };
        if (ManagementPlugin)
        {
            lines.Add("management.tcp.ip = 127.0.0.1");
            lines.Add($"management.tcp.port = {ManagementPort}");
        }
        File.WriteAllLines(config, lines);
        File.WriteAllText(Path.Combine(baseDirectory, "advanced.config"), "[].\n");
        File.WriteAllText(Path.Combine(baseDirectory, "enabled_plugins"), ManagementPlugin ? "[rabbitmq_management].\n" : "[].\n");

        return new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["RABBITMQ_CONF_ENV_FILE"] = "/dev/null",
            // A reused data folder needs the same node name, so it is derived from the folder.
            ["RABBITMQ_NODENAME"] = $"{Name}-{ShortHash(baseDirectory)}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = $"{AmqpPort}",
            ["RABBITMQ_DIST_PORT"] = $"{DistributionPort}",
            ["RABBITMQ_CONFIG_FILE"] = config,
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(baseDirectory, "advanced.config"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(baseDirectory, "enabled_plugins"),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(baseDirectory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(baseDirectory, "log"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(baseDirectory, "rabbitmq.pid"),
            ["RABBITMQ_PLUGINS_EXPAND_DIR"] = Path.Combine(baseDirectory, "plugins-expand"),
            ["ERL_EPMD_PORT"] = $"{EpmdPort}",
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            // +sbwt none: the VM's schedulers otherwise spin while idle, taking CPU the services next to it need
            // (RabbitMQ's own advice for shared hosts).
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1} +sbwt none +sbwtdcpu none +sbwtdio none",
            // Makes the launcher exec the VM instead of staying as a shell parent, so the process we watch,
            // signal and bind to AppHost's life is the broker itself.
            ["RUNNING_UNDER_SYSTEMD"] = "true",
        };
    }

    protected internal override async Task StopAsync(bool kill)
    {
        if (_broker is not null)
        {
            await _broker.StopAsync(TimeSpan.FromSeconds(15), kill);
        }
        if (_epmd is not null)
        {
            await _epmd.StopAsync(TimeSpan.FromSeconds(5));
        }
        _broker = null;
        _epmd = null;
    }

    // The AMQP listener opens last in the boot, so a TCP connect to it means the broker is ready.
    protected internal override Task<bool> IsHealthyAsync(CancellationToken cancellationToken) =>
        Probes.TcpAsync(IsExternal ? new Uri(externalConnectionString!).Host : "127.0.0.1", AmqpPort, cancellationToken);

    private static string ShortHash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..8];
}
