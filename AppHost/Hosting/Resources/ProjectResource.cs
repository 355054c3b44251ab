using TokenJourney.AppHost.Hosting.Processes;

namespace TokenJourney.AppHost.Hosting.Resources;

/// <summary>
/// A .NET project of this repository, started from its build output (built once, before AppHost runs) with
/// Aspire's environment contract, so the same service runs unchanged under a real Aspire AppHost.
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

    private string BuildOutput()
    {
        var directory = Path.Combine(Options.RepositoryRoot, ProjectDirectory);
        var project = Directory.EnumerateFiles(directory, "*.csproj").SingleOrDefault()
            ?? throw new DistributedApplicationException($"{ProjectDirectory} has no .csproj.");
        var targetFramework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var assembly = Path.Combine(directory, "bin", Options.BuildConfiguration, targetFramework, Path.GetFileNameWithoutExtension(project) + ".dll");
        return File.Exists(assembly)
            ? assembly
            : throw new DistributedApplicationException(
                $"{ProjectDirectory} is not built ({assembly} is missing): run `dotnet build {RepositoryLayout.SolutionFile} -c {Options.BuildConfiguration}`.");
    }
}
