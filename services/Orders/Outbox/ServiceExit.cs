namespace TokenJourney.Orders.Outbox;

/// <summary>Ends the process so that whatever runs it starts it again (AppHost's restart policy, an orchestrator's).</summary>
public interface IServiceExit
{
    void ExitForRestart();
}

/// <summary>
/// A graceful stop first (requests in progress complete, log lines and telemetry get out), with a non-zero exit code so
/// that it reads as the failure it is; then, if the stop itself hangs, a hard exit.
/// </summary>
public sealed partial class HostServiceExit(IHostApplicationLifetime lifetime, ILogger<HostServiceExit> logger) : IServiceExit
{
    /// <summary>EX_TEMPFAIL (sysexits.h): a temporary failure, worth starting again.</summary>
    public const int ExitCode = 75;

    /// <summary>As long as AppHost gives a service it stops before it kills it.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private int _exiting;

    public void ExitForRestart()
    {
        if (Interlocked.Exchange(ref _exiting, 1) != 0)
        {
            return;
        }
        Environment.ExitCode = ExitCode;
        lifetime.StopApplication();
        // The stop can hang on the very client that made us give up (a receive endpoint's stop waits for deliveries on
        // the dead connection): the process must end regardless. A thread of its own, not the thread pool, which a
        // hung stop may be starving; a background thread, so a stop that completes in time ends the process without it.
        new Thread(() =>
        {
            Thread.Sleep(StopGrace);
            LogStopTooSlow(StopGrace.TotalSeconds, ExitCode);
            // The console logger writes from a queue on its own thread: give it a moment before the process ends.
            Thread.Sleep(TimeSpan.FromMilliseconds(500));
            Environment.Exit(ExitCode);
        })
        { IsBackground = true, Name = "Orders exit backstop" }.Start();
    }

    [LoggerMessage(LogLevel.Critical, "Orders did not stop within {Seconds} s; exiting with code {ExitCode} without finishing the stop")]
    private partial void LogStopTooSlow(double seconds, int exitCode);
}
