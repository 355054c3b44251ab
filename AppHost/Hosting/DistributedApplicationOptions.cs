namespace TokenJourney.AppHost.Hosting;

/// <summary>How a topology is run: where its files live, which ports it takes, where it finds its binaries.</summary>
public sealed class DistributedApplicationOptions
{
    /// <summary>The repository root (where TokenJourney.sln is); found from AppHost's own location by default.</summary>
    public string RepositoryRoot { get; set; } = RepositoryLayout.FindRoot();

    /// <summary>Data and logs of this run. Persistent by default so durable messages survive an AppHost restart.</summary>
    public string RunDirectory { get; set; } = "";

    /// <summary>A throw-away run: the run directory is deleted when the application stops.</summary>
    public bool Ephemeral { get; set; }

    /// <summary>Every endpoint on a free port instead of its documented default (tests; side-by-side runs).</summary>
    public bool UseFreePorts { get; set; }

    /// <summary>The dashboard's port; 0 means a free port. Null disables the dashboard.</summary>
    public int? DashboardPort { get; set; } = 18888;

    /// <summary>The build configuration whose outputs the project resources are started from.</summary>
    public string BuildConfiguration { get; set; } = RepositoryLayout.OwnBuildConfiguration();

    /// <summary>Where infrastructure binaries (redis-server, rabbitmq-server, epmd) are looked for.</summary>
    public IReadOnlyList<string> ExecutableSearchPath { get; set; } = RepositoryLayout.DefaultExecutableSearchPath();

    /// <summary>How long one resource may take to become ready before the start fails.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Copy each resource's log lines to the console, prefixed with its name.</summary>
    public bool WriteLogsToConsole { get; set; } = true;

    /// <summary>ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT given to every project.</summary>
    public string EnvironmentName { get; set; } = "Development";
}
