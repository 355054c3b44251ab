using System.Security.Cryptography;
using System.Text;

namespace TokenJourney.AppHost.Infrastructure;

public static class LocalRabbitMqExtensions
{
    /// <summary>
    /// A local RabbitMQ broker with its management UI, healthy once its AMQP listener answers the protocol header.
    /// Configuration files are written when it starts, once Aspire has chosen its ports.
    /// </summary>
    public static IResourceBuilder<LocalRabbitMqResource> AddLocalRabbitMQ(this IDistributedApplicationBuilder builder, string name, RunSettings run)
    {
        var baseDirectory = run.DataDirectory(name);
        var installed = run.Executable("rabbitmq-server");
        var home = RabbitMqHome.For(installed, Path.Combine(baseDirectory, "server"), EnabledPlugins);
        // In a session of its own: Linux shares CPU between sessions first (autogroup), then between the threads
        // inside one, so the broker, whose boot Orders and Shipping wait for, is not one thread among the dozens of the
        // seven .NET processes starting beside it under DCP (as its own container or cgroup would not be). Under DCP,
        // which starts it outside a process group of its own, setsid execs it under the same process id: what DCP
        // watches and signals is still the broker.
        var broker = new LocalRabbitMqResource(name, run.Executable("setsid"), baseDirectory);
        var epmdResource = new EpmdResource($"{name}-epmd", run.Executable("epmd"), baseDirectory);
        var epmd = builder.AddResource(epmdResource)
            .WithEndpoint(port: RunSettings.FreePort(), name: EpmdResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithUrlForEndpoint(EpmdResource.EndpointName, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .WithArgs(context =>
            {
                context.Args.Add("-port");
                context.Args.Add(epmdResource.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("-address");
                context.Args.Add("127.0.0.1");
            })
            .WithParentRelationship(broker)
            .WithIconName("PlugConnected");
        epmd.WithProtocolHealthCheck(builder, epmdResource.Endpoint, ProtocolProbes.ListeningAsync);

        var rabbit = builder.AddResource(broker)
            .WithArgs(home?.Launcher ?? installed)
            .WithEndpoint(port: RunSettings.FreePort(), name: LocalRabbitMqResource.PrimaryEndpointName, scheme: "tcp", isProxied: false)
            .WithHttpEndpoint(port: RunSettings.FreePort(), name: LocalRabbitMqResource.ManagementEndpointName, isProxied: false)
            .WithEndpoint(port: RunSettings.FreePort(), name: LocalRabbitMqResource.DistributionEndpointName, scheme: "tcp", isProxied: false)
            .WithUrlForEndpoint(LocalRabbitMqResource.ManagementEndpointName, url => url.DisplayText = "Management UI (guest/guest)")
            .WithUrlForEndpoint(LocalRabbitMqResource.DistributionEndpointName, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .WithUrlForEndpoint(LocalRabbitMqResource.PrimaryEndpointName, url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .WithEnvironment(async context =>
            {
                var ports = new BrokerPorts(
                    Amqp: await TargetPortAsync(broker.PrimaryEndpoint, context.CancellationToken),
                    Management: await TargetPortAsync(broker.GetEndpoint(LocalRabbitMqResource.ManagementEndpointName), context.CancellationToken),
                    Distribution: await TargetPortAsync(broker.GetEndpoint(LocalRabbitMqResource.DistributionEndpointName), context.CancellationToken),
                    Epmd: await TargetPortAsync(epmd.Resource.Endpoint, context.CancellationToken));
                foreach (var (key, value) in WriteConfiguration(name, baseDirectory, ports))
                {
                    context.EnvironmentVariables[key] = value;
                }
                if (home is not null)
                {
                    home.Create();
                    context.EnvironmentVariables["RABBITMQ_SCRIPTS_DIR"] = home.ScriptsDirectory;
                }
            })
            .WaitFor(epmd)
            .WithIconName("Mailbox");
        rabbit.WithProtocolHealthCheck(builder, broker.PrimaryEndpoint, ProtocolProbes.AmqpHeaderAsync);
        return rabbit;
    }

    private static readonly string[] EnabledPlugins = ["rabbitmq_management"];

    private sealed record BrokerPorts(int Amqp, int Management, int Distribution, int Epmd);

    private static async Task<int> TargetPortAsync(EndpointReference endpoint, CancellationToken cancellationToken) =>
        int.Parse(await endpoint.Property(EndpointProperty.TargetPort).GetValueAsync(cancellationToken)
            ?? throw new InvalidOperationException($"{endpoint.Resource.Name} has no port for '{endpoint.EndpointName}'."),
            System.Globalization.CultureInfo.InvariantCulture);

    private static Dictionary<string, string> WriteConfiguration(string name, string baseDirectory, BrokerPorts ports)
    {
        var home = Directory.CreateDirectory(Path.Combine(baseDirectory, "home")).FullName;
        var config = Path.Combine(baseDirectory, "rabbitmq.conf");
        var definitions = Path.Combine(baseDirectory, "definitions.json");
        RabbitMqDefinitions.Write(definitions);
        File.WriteAllLines(config,
        [
            $"listeners.tcp.default = 127.0.0.1:{ports.Amqp}",
            "definitions.import_backend = local_filesystem",
            $"definitions.local.path = {definitions}",
            // Imported on the first boot of a run folder and again only when the file changes.
            "definitions.skip_if_unchanged = true",
            "loopback_users = none",
            "disk_free_limit.absolute = 50MB",
            "log.console = true",
            "log.console.level = warning",
            "log.file = false",
            // Health probes open and drop a connection every few seconds; each would log a warning.
            "log.connection.level = error",
            "management.tcp.ip = 127.0.0.1",
            $"management.tcp.port = {ports.Management}",
        ]);
        File.WriteAllText(Path.Combine(baseDirectory, "advanced.config"), "[].\n");
        File.WriteAllText(Path.Combine(baseDirectory, "enabled_plugins"), $"[{string.Join(',', EnabledPlugins)}].\n");

        return new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["RABBITMQ_CONF_ENV_FILE"] = "/dev/null",
            // A reused data folder needs the same node name, so it is derived from the folder.
            ["RABBITMQ_NODENAME"] = $"{name}-{ShortHash(baseDirectory)}@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = $"{ports.Amqp}",
            // Required: the default is the AMQP port + 20000, and above 45535 the boot fails while the launcher exits 0.
            ["RABBITMQ_DIST_PORT"] = $"{ports.Distribution}",
            ["RABBITMQ_CONFIG_FILE"] = config,
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(baseDirectory, "advanced.config"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(baseDirectory, "enabled_plugins"),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(baseDirectory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(baseDirectory, "log"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(baseDirectory, "rabbitmq.pid"),
            ["RABBITMQ_PLUGINS_EXPAND_DIR"] = Path.Combine(baseDirectory, "plugins-expand"),
            ["ERL_EPMD_PORT"] = $"{ports.Epmd}",
            // Neither the broker nor the helper VM its launcher runs to make sure an epmd answers
            // (rabbit_nodes_common:ensure_epmd) may start one of its own: that daemon leaves DCP's process tree and outlives
            // the run (seen after test systems torn down while their broker booted). The broker's epmd is the
            // <name>-epmd resource; a broker started while it does not answer fails to boot instead.
            ["ERL_FLAGS"] = "-start_epmd false",
            ["ERL_CRASH_DUMP"] = Path.Combine(baseDirectory, "log", "erl_crash.dump"),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            // +sbwt none: idle VM schedulers otherwise spin, taking CPU the services beside it need (RabbitMQ's advice
            // for shared hosts).
            ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1} +sbwt none +sbwtdcpu none +sbwtdio none",
            // The launcher then execs the VM instead of staying as a shell parent: the process the orchestrator
            // watches and signals is the broker itself.
            ["RUNNING_UNDER_SYSTEMD"] = "true",
        };
    }

    private static string ShortHash(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..8];
}
