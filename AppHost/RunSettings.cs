using System.Reflection;

namespace TokenJourney.AppHost;

/// <summary>Where infrastructure comes from: local processes from Debian's packages, or containers.</summary>
public enum InfrastructureMode
{
    Local,
    Containers,
}

/// <summary>
/// How this run is laid out: where its data lives, whether the documented ports are used, and where Redis, RabbitMQ
/// and the identity provider come from. Read from configuration (<c>AppHost:*</c>) and the two command-line flags.
/// </summary>
public sealed class RunSettings
{
    public const string EphemeralFlag = "--ephemeral";
    public const string FreePortsFlag = "--free-ports";

    public required string RepositoryRoot { get; init; }

    /// <summary>Data of every resource (Redis AOF, RabbitMQ's queues, SQLite files, signing keys): <c>.run/</c> by default.</summary>
    public required string RunDirectory { get; init; }

    /// <summary>A throw-away run folder, deleted when AppHost stops.</summary>
    public bool Ephemeral { get; init; }

    /// <summary>Every endpoint on a port Aspire picks, so two runs (or two test runs) never collide.</summary>
    public bool FreePorts { get; init; }

    public InfrastructureMode Infrastructure { get; init; }

    /// <summary>The build configuration of AppHost, which is the one its services were built and published in.</summary>
    public string BuildConfiguration { get; } =
        typeof(RunSettings).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public required IConfiguration Configuration { get; init; }

    /// <summary>
    /// A documented port (<c>AppHost:Ports:{resource}</c> overrides it), or a free one when the run uses free ports.
    /// A documented port already taken stops AppHost before anything starts, naming the port and the resource.
    /// </summary>
    public int Port(string resource, int documented)
    {
        if (FreePorts)
        {
            return FreePort();
        }
        var port = Configuration.GetValue<int?>($"AppHost:Ports:{resource}") ?? documented;
        return IsFree(port)
            ? port
            : throw new DistributedApplicationException(
                $"Port {port} ({resource}) is already in use. Stop whatever holds it (another AppHost?), or run with {FreePortsFlag}.");
    }

    /// <summary>
    /// The full path of an infrastructure binary from Debian's packages (<c>AppHost:ExecutableSearchPath</c>, colon
    /// separated, replaces where it is looked for). Missing, it stops AppHost with what to run instead.
    /// </summary>
    public string Executable(string name)
    {
        var searchPath = Configuration["AppHost:ExecutableSearchPath"] is { Length: > 0 } configured
            ? configured.Split(':', StringSplitOptions.RemoveEmptyEntries)
            // rabbitmq-server lives in /usr/lib/rabbitmq/bin: the /usr/sbin wrapper switches user and directory.
            : ["/usr/lib/rabbitmq/bin", "/usr/sbin", "/usr/bin", .. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)];
        return searchPath.Select(directory => Path.Combine(directory, name)).FirstOrDefault(File.Exists)
            ?? throw new DistributedApplicationException($"{name} not found: run eng/setup.sh (it installs Redis, RabbitMQ and Chromium from Debian's packages).");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// A port the kernel has just handed out as free. Chosen here rather than left to the orchestrator: the kernel
    /// spreads its choices over the ephemeral range, so two runs starting side by side do not pick the same one.
    /// </summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public string DataDirectory(string resource) => Directory.CreateDirectory(Path.Combine(RunDirectory, "data", resource)).FullName;

    /// <summary>The README's flags, as configuration keys Aspire's builder understands.</summary>
    public static string[] TranslateFlags(string[] args) =>
        [.. args.Select(arg => arg switch
        {
            EphemeralFlag => "AppHost:Ephemeral=true",
            FreePortsFlag => "AppHost:FreePorts=true",
            _ => arg,
        })];

    public static RunSettings From(IDistributedApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var root = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        var ephemeral = configuration.GetValue<bool>("AppHost:Ephemeral");
        var runDirectory = configuration["AppHost:RunDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : ephemeral
                ? Path.Combine(Path.GetTempPath(), $"tokenjourney-{Guid.NewGuid():N}"[..24])
                : Path.Combine(root, ".run");
        var mode = configuration["AppHost:Infrastructure"] is { Length: > 0 } value
            ? Enum.TryParse<InfrastructureMode>(value, ignoreCase: true, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"AppHost:Infrastructure is '{value}'; use 'local' or 'containers'.")
            : InfrastructureMode.Local;

        var settings = new RunSettings
        {
            RepositoryRoot = root,
            RunDirectory = Directory.CreateDirectory(runDirectory).FullName,
            Ephemeral = ephemeral,
            FreePorts = configuration.GetValue<bool>("AppHost:FreePorts"),
            Infrastructure = mode,
            Configuration = configuration,
        };
        if (ephemeral)
        {
            builder.Services.AddHostedService(_ => new Lifecycle.EphemeralRunFolder(settings.RunDirectory));
        }
        return settings;
    }
}
