using System.Diagnostics;
using TokenJourney.AppHost.Hosting;

namespace TokenJourney.Dashboard.UnitTests;

/// <summary>The server tests run a real Redis: eng/setup.sh installs it on a fresh machine (and returns at once where it is).</summary>
public static class MachineSetup
{
    private static readonly Lazy<Task> Installed = new(async () =>
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(RepositoryLayout.FindRoot(), "eng", "setup.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var setup = Process.Start(info) ?? throw new InvalidOperationException("Could not run eng/setup.sh.");
        var output = setup.StandardOutput.ReadToEndAsync();
        var errors = setup.StandardError.ReadToEndAsync();
        await setup.WaitForExitAsync();
        if (setup.ExitCode != 0)
        {
            throw new InvalidOperationException($"eng/setup.sh failed with code {setup.ExitCode}:{Environment.NewLine}{await output}{await errors}");
        }
    });

    public static Task EnsureInstalledAsync() => Installed.Value;
}
