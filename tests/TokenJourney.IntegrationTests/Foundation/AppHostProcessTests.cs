using System.Diagnostics;
using TokenJourney.AppHost.Hosting;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Foundation;

/// <summary>The README's run command as a user runs it: a real AppHost process, stopped the ways a user stops it.</summary>
public sealed class AppHostProcessTests
{
    [Theory]
    [InlineData("SIGINT")]
    [InlineData("SIGKILL")]
    public async Task Stopping_AppHost_leaves_no_process_of_its_run_alive(string signal)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await MachineSetup.EnsureInstalledAsync();
        using var apphost = StartAppHost();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        apphost.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            output.Enqueue(e.Data);
            if (e.Data.StartsWith("All resources are running", StringComparison.Ordinal)) ready.TrySetResult();
        };
        apphost.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        apphost.BeginOutputReadLine();
        apphost.BeginErrorReadLine();

        var started = await Task.WhenAny(ready.Task, apphost.WaitForExitAsync(cancellation), Task.Delay(TimeSpan.FromMinutes(2), cancellation));
        Assert.True(started == ready.Task, "AppHost did not report ready:" + Environment.NewLine + string.Join(Environment.NewLine, output.TakeLast(40)));

        var children = ProcessTree.ChildrenOf(apphost.Id);
        // redis-server, epmd, the broker, six services: every one a direct child in its own session.
        Assert.True(children.Count >= 9, $"expected at least 9 children, saw {children.Count}");

        Send(apphost.Id, signal);
        await apphost.WaitForExitAsync(cancellation).WaitAsync(TimeSpan.FromSeconds(60), cancellation);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (children.Any(ProcessTree.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, cancellation);
        }
        Assert.DoesNotContain(children, ProcessTree.IsAlive);
    }

    private static Process StartAppHost()
    {
        var root = RepositoryLayout.FindRoot();
        var assembly = Path.Combine(root, "AppHost", "bin", RepositoryLayout.OwnBuildConfiguration(), "net10.0", "AppHost.dll");
        var info = new ProcessStartInfo(RepositoryLayout.DotNetHost())
        {
            ArgumentList = { assembly, "--ephemeral", "--free-ports" },
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["NO_COLOR"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException("AppHost did not start.");
    }

    private static void Send(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal.Replace("SIG", ""), pid.ToString()]);
        kill.WaitForExit();
    }
}
