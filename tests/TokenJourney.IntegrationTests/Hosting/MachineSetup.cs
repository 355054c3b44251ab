using System.Diagnostics;
using System.Reflection;

namespace TokenJourney.IntegrationTests.Hosting;

/// <summary>
/// The test host installs what it needs itself: eng/setup.sh puts Redis, RabbitMQ and Chromium on a fresh machine
/// (and returns at once where they already are), so `dotnet test` works on a machine that has only the SDK.
/// </summary>
public static class MachineSetup
{
    private static readonly Lazy<Task> Installed = new(RunSetupAsync);

    public static Task EnsureInstalledAsync() => Installed.Value;

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The configuration this test assembly, and with it every service, was built in.</summary>
    public static string BuildConfiguration { get; } =
        typeof(MachineSetup).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private static async Task RunSetupAsync()
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot, "eng", "setup.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var setup = Process.Start(info) ?? throw new InvalidOperationException("Could not run eng/setup.sh.");
        var output = setup.StandardOutput.ReadToEndAsync();
        var errors = setup.StandardError.ReadToEndAsync();
        await setup.WaitForExitAsync();
        if (setup.ExitCode != 0)
        {
            throw new InvalidOperationException($"eng/setup.sh failed with code {setup.ExitCode}:{Environment.NewLine}{await output}{await errors}");
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TokenJourney.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No TokenJourney.sln above {AppContext.BaseDirectory}.");
    }
}
