using System.Diagnostics;

namespace TokenJourney.AppHost.Hosting;

/// <summary>
/// Test hosts install what they need themselves: eng/setup.sh puts Redis, RabbitMQ and Chromium on a fresh machine
/// (and returns at once where they already are), so `dotnet test` works on a machine that has only the SDK.
/// </summary>
public static class MachineSetup
{
    private static readonly Lazy<Task> Installed = new(RunSetupAsync);

    public static Task EnsureInstalledAsync() => Installed.Value;

    private static async Task RunSetupAsync()
    {
        var script = Path.Combine(RepositoryLayout.FindRoot(), "eng", "setup.sh");
        var info = new ProcessStartInfo("bash", [script])
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
}
