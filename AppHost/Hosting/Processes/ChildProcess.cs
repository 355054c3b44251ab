using System.Collections.Concurrent;
using System.Diagnostics;

namespace TokenJourney.AppHost.Hosting.Processes;

/// <summary>What to start: an executable, its arguments, working directory and environment.</summary>
public sealed record ProcessSpec(string Executable, IReadOnlyList<string> Arguments, string WorkingDirectory, IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// A child process that cannot outlive AppHost. Each child is started through <c>setpriv --pdeathsig SIGTERM</c>,
/// so the kernel terminates it even when AppHost is killed without a chance to clean up, and in a session of its
/// own (<c>setsid</c>), so a Ctrl+C at the terminal reaches AppHost alone, which then stops children in order. Linux delivers that
/// signal when the *thread* that forked the child exits, so every child is forked from one dedicated thread
/// that lives as long as AppHost (a thread-pool thread could retire and take the children with it).
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly BlockingCollection<Action> SpawnQueue = StartSpawnerThread();

    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process)
    {
        _process = process;
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _exited.TrySetResult(SafeExitCode(_process));
        if (_process.HasExited)
        {
            _exited.TrySetResult(SafeExitCode(_process));
        }
    }

    public int Id => _process.Id;

    /// <summary>Completes with the exit code when the process ends, for whatever reason.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    public static Task<ChildProcess> StartAsync(ProcessSpec spec, Action<string, bool> onLine)
    {
        var started = new TaskCompletionSource<ChildProcess>(TaskCreationOptions.RunContinuationsAsynchronously);
        SpawnQueue.Add(() =>
        {
            try
            {
                started.SetResult(Start(spec, onLine));
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        });
        return started.Task;
    }

    private static ChildProcess Start(ProcessSpec spec, Action<string, bool> onLine)
    {
        var info = new ProcessStartInfo("/usr/bin/setsid")
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("/usr/bin/setpriv");
        info.ArgumentList.Add("--pdeathsig");
        info.ArgumentList.Add("SIGTERM");
        info.ArgumentList.Add("--");
        info.ArgumentList.Add(spec.Executable);
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data, false); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onLine(e.Data, true); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process);
    }

    /// <summary>SIGTERM, then SIGKILL if the process has not ended within the grace period; SIGKILL at once when <paramref name="kill"/> is set.</summary>
    public async Task StopAsync(TimeSpan grace, bool kill = false)
    {
        if (HasExited)
        {
            return;
        }
        if (kill)
        {
            Kill();
            await Exited;
            return;
        }
        NativeSignals.Send(_process.Id, NativeSignals.SigTerm);
        if (await Task.WhenAny(Exited, Task.Delay(grace)) != Exited)
        {
            Kill();
            await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(5)));
        }
    }

    /// <summary>SIGKILL: the crash a resilience test wants, no chance to flush or say goodbye.</summary>
    public void Kill()
    {
        if (!HasExited)
        {
            NativeSignals.Send(_process.Id, NativeSignals.SigKill);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private static int SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private static BlockingCollection<Action> StartSpawnerThread()
    {
        var queue = new BlockingCollection<Action>();
        var thread = new Thread(() =>
        {
            foreach (var spawn in queue.GetConsumingEnumerable())
            {
                spawn();
            }
        })
        {
            IsBackground = true,
            Name = "AppHost child spawner",
        };
        thread.Start();
        return queue;
    }
}
