using System.Collections.Concurrent;
using System.Diagnostics;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Foundation;

/// <summary>
/// The README's run command as a user runs it: a real AppHost process (DCP, the Aspire dashboard, every resource),
/// stopped the ways a user stops it. Run alone: a whole second system on two cores.
/// </summary>
[Collection(DisruptiveCollection.Name)]
public sealed class AppHostProcessTests
{
    // dcp, redis-server, epmd, the broker, seven services: at the least.
    private const int ExpectedProcesses = 11;

    [Theory]
    [InlineData("SIGINT")]
    [InlineData("SIGTERM")]
    [InlineData("SIGKILL")]
    public async Task Stopping_AppHost_leaves_no_process_of_its_run_alive(string signal)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await MachineSetup.EnsureInstalledAsync();
        using var apphost = StartAppHost();
        var descendants = new List<int>();
        try
        {
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var output = new ConcurrentQueue<string>();
            apphost.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                output.Enqueue(e.Data);
                if (e.Data.Contains("All resources are healthy", StringComparison.Ordinal)) ready.TrySetResult();
            };
            apphost.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
            apphost.BeginOutputReadLine();
            apphost.BeginErrorReadLine();

            var started = await Task.WhenAny(ready.Task, apphost.WaitForExitAsync(cancellation), Task.Delay(TimeSpan.FromMinutes(3), cancellation));
            Assert.True(started == ready.Task, "AppHost did not report every resource healthy:" + Environment.NewLine + string.Join(Environment.NewLine, output.TakeLast(40)));

            descendants.AddRange(ProcessTree.OfAppHostRun(apphost.Id));
            var commands = descendants.Select(ProcessTree.CommandLine).ToList();
            Assert.True(descendants.Count >= ExpectedProcesses, $"expected at least {ExpectedProcesses} processes in the run, saw {descendants.Count}");
            Assert.Contains(commands, c => c.Contains("redis-server", StringComparison.Ordinal));
            Assert.Contains(commands, c => c.Contains("beam.smp", StringComparison.Ordinal));
            Assert.Contains(commands, c => c.Contains("epmd", StringComparison.Ordinal));

            Send(apphost.Id, signal);
            await apphost.WaitForExitAsync(cancellation).WaitAsync(TimeSpan.FromSeconds(90), cancellation);

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (descendants.Any(ProcessTree.IsAlive) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellation);
            }
            Assert.Empty(descendants.Where(ProcessTree.IsAlive).Select(ProcessTree.CommandLine));
        }
        finally
        {
            // Whatever the outcome, this test's processes end with it.
            descendants.AddRange(ProcessTree.OfAppHostRun(apphost.Id));
            ProcessTree.Kill([apphost.Id, .. descendants]);
        }
    }

    private static Process StartAppHost()
    {
        var assembly = Path.Combine(MachineSetup.RepositoryRoot, "AppHost", "bin", MachineSetup.BuildConfiguration, "net10.0", "AppHost.dll");
        // `env --default-signal=INT`: a test run started as a background job inherits SIGINT ignored, and .NET keeps an
        // inherited ignore; a user's terminal never ignores it.
        var info = new ProcessStartInfo("env")
        {
            ArgumentList = { "--default-signal=INT", "dotnet", assembly, "--ephemeral", "--free-ports" },
            WorkingDirectory = MachineSetup.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["NO_COLOR"] = "1";
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_URLS"] = $"http://localhost:{TokenJourney.AppHost.RunSettings.FreePort()}";
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{TokenJourney.AppHost.RunSettings.FreePort()}";
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        return Process.Start(info) ?? throw new InvalidOperationException("AppHost did not start.");
    }

    private static void Send(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal.Replace("SIG", ""), pid.ToString()]);
        kill.WaitForExit();
    }

}
