using System.Reflection;

namespace TokenJourney.AppHost.Hosting;

/// <summary>Where things are on disk: the repository, project outputs, infrastructure binaries.</summary>
public static class RepositoryLayout
{
    public const string SolutionFile = "TokenJourney.sln";

    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }
        throw new DistributedApplicationException(
            $"Could not find {SolutionFile} above {AppContext.BaseDirectory}; run AppHost from a clone of the repository.");
    }

    public static string OwnBuildConfiguration() =>
        typeof(RepositoryLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static IReadOnlyList<string> DefaultExecutableSearchPath()
    {
        // rabbitmq-server lives in /usr/lib/rabbitmq/bin: the /usr/sbin wrapper switches user and directory.
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return ["/usr/lib/rabbitmq/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin", .. path];
    }

    public static string FindExecutable(IReadOnlyList<string> searchPath, string name)
    {
        foreach (var dir in searchPath)
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DistributedApplicationException($"{name} not found: run eng/setup.sh (it installs Redis, RabbitMQ and Chromium from Debian's packages).");
    }

    /// <summary>The dotnet host that launched us, so children run on the same SDK and runtime.</summary>
    public static string DotNetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }
        return FindExecutable(DefaultExecutableSearchPath(), "dotnet");
    }
}
