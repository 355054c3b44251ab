using System.Runtime.InteropServices;
using TokenJourney.AppHost.Hosting.Processes;

namespace TokenJourney.AppHost.Hosting.Resources;

/// <summary>
/// A .NET project of this repository, started from its build output (built once, before AppHost runs; the ReadyToRun
/// copy when there is a fresh one) with Aspire's environment contract, so the same service runs unchanged under a
/// real Aspire AppHost.
/// </summary>
public class ProjectResource(string name, string projectDirectory, int defaultPort) : Resource(name)
{
    private readonly Dictionary<string, Func<string>> _environment = new(StringComparer.Ordinal);
    private ChildProcess? _process;

    /// <summary>The project folder, relative to the repository root, e.g. <c>services/Gateway</c>.</summary>
    public string ProjectDirectory { get; } = projectDirectory;
    public int DefaultPort { get; } = defaultPort;
    public int Port { get; private set; }
    public Uri HttpUrl => new($"http://localhost:{Port}");
    public override string? DisplayUrl => HttpUrl.ToString().TrimEnd('/');

    /// <summary>Environment values are read when the process starts, so they may name ports allocated later.</summary>
    public void SetEnvironment(string key, Func<string> value) => _environment[key] = value;

    public IReadOnlyDictionary<string, string> ResolveEnvironment() =>
        _environment.ToDictionary(e => e.Key, e => e.Value(), StringComparer.Ordinal);

    protected internal override void Allocate(DistributedApplicationOptions options)
    {
        base.Allocate(options);
        Port = options.UseFreePorts ? PortAllocator.FreePort() : DefaultPort;
    }

    protected internal override async Task StartAsync(CancellationToken cancellationToken)
    {
        var assembly = BuildOutput();
        var environment = new Dictionary<string, string>(ResolveEnvironment(), StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = HttpUrl.ToString().TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = Options.EnvironmentName,
            ["DOTNET_ENVIRONMENT"] = Options.EnvironmentName,
            ["Storage__DataDirectory"] = Directory.CreateDirectory(Path.Combine(Options.RunDirectory, "data", Name)).FullName,
            // One line per log entry reads well behind AppHost's "name |" prefix.
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        _process = await StartProcessAsync(Name, new ProcessSpec(
            RepositoryLayout.DotNetHost(), [assembly], Path.Combine(Options.RepositoryRoot, ProjectDirectory), environment));
        await WaitUntilReadyAsync([_process], cancellationToken);
    }

    protected internal override async Task StopAsync(bool kill)
    {
        if (_process is null)
        {
            return;
        }
        await _process.StopAsync(TimeSpan.FromSeconds(10), kill);
        _process = null;
    }

    protected internal override Task<bool> IsHealthyAsync(CancellationToken cancellationToken) =>
        Probes.HttpOkAsync(new Uri(HttpUrl, "/health"), cancellationToken);

    /// <summary>
    /// The ReadyToRun copy AppHost's build publishes (it starts with far less JIT work), unless a later build of the
    /// service alone made it stale; then the build output.
    /// </summary>
    private string BuildOutput()
    {
        var directory = Path.Combine(Options.RepositoryRoot, ProjectDirectory);
        var project = Directory.EnumerateFiles(directory, "*.csproj").SingleOrDefault()
            ?? throw new DistributedApplicationException($"{ProjectDirectory} has no .csproj.");
        var targetFramework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var output = Path.Combine(directory, "bin", Options.BuildConfiguration, targetFramework);
        var assembly = Path.Combine(output, Path.GetFileNameWithoutExtension(project) + ".dll");
        if (!File.Exists(assembly))
        {
            throw new DistributedApplicationException(
                $"{ProjectDirectory} is not built ({assembly} is missing): run `dotnet build {RepositoryLayout.SolutionFile} -c {Options.BuildConfiguration}`.");
        }
        // AppHost's build publishes after it builds, so a build of the service alone since then (of its own code or
        // of a project it references, e.g. ServiceDefaults) leaves the newest assembly in the build output.
        var published = Path.Combine(output, RuntimeInformation.RuntimeIdentifier, "publish");
        var readyToRun = Path.Combine(published, Path.GetFileName(assembly));
        return File.Exists(readyToRun) && NewestAssembly(published) >= NewestAssembly(output) ? readyToRun : assembly;
    }

    private static DateTime NewestAssembly(string directory) =>
        Directory.EnumerateFiles(directory, "*.dll").Max(File.GetLastWriteTimeUtc);
}
