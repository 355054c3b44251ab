using Microsoft.Extensions.Options;

namespace TokenJourney.Orders.Outbox;

/// <summary>
/// Crash-only recovery for a RabbitMQ client that cannot recover by itself: when the outbox gets no message confirmed
/// for <see cref="OutboxWatchdogOptions.StallLimit"/> while messages wait and the broker answers, Orders logs why and
/// exits (<see cref="IServiceExit"/>) to be started again. Nothing is lost or doubled by that: a committed order's
/// message waits in SQLite until the broker confirmed it, the new process publishes it, and a message that was
/// confirmed but not yet marked sent is published twice, which the consumers handle once.
/// <para>
/// Why it is needed: RabbitMQ.Client 7.2.2 disposes a channel's publisher-confirm semaphore while publishes and the
/// channel's own shutdown handler wait on it (fixed upstream by "Do not dispose SemaphoreSlim fields with concurrent
/// waiters", in no release). When RabbitMQ is killed with the outbox's publishes in flight, the handler then waits
/// forever, the connection never finishes closing, and MassTransit, never told, neither reconnects nor fails: Orders'
/// log shows "S-FAULT ... ObjectDisposedException: ... SemaphoreSlim", then no MassTransit activity, while the outbox's
/// publishes fail or never return (about one SIGKILL in ten). Only a new client gets out of that, and the only safe
/// way to drop the wedged one, with its threads stuck inside it, is a new process.
/// </para>
/// </summary>
public sealed partial class OutboxWatchdog(
    OutboxProgress progress, IBrokerProbe broker, IServiceExit exit, IOptions<OutboxWatchdogOptions> options,
    TimeProvider time, ILogger<OutboxWatchdog> logger) : BackgroundService
{
    /// <summary>How often it looks; also how long messages wait unconfirmed before it probes the broker.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(CheckInterval, time, stoppingToken);
            if (await CheckAsync(stoppingToken))
            {
                return;
            }
        }
    }

    /// <returns>true once it has given up and asked for the exit.</returns>
    public async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        // Confirms flowing, or nothing to publish: no probe, so a healthy Orders never adds a connection to the broker.
        if (progress.UnconfirmedFor is not { } unconfirmed || unconfirmed < CheckInterval)
        {
            return false;
        }
        progress.BrokerProbed(await broker.AnswersAsync(cancellationToken));
        var stalled = progress.StalledFor;
        var limit = options.Value.StallLimit;
        if (stalled < limit)
        {
            return false;
        }
        LogGivingUp(stalled.TotalSeconds, unconfirmed.TotalSeconds, limit.TotalSeconds, HostServiceExit.ExitCode);
        exit.ExitForRestart();
        return true;
    }

    [LoggerMessage(LogLevel.Critical,
        "Outbox stalled: RabbitMQ answers, but Orders' RabbitMQ client has had no message confirmed for {StalledSeconds:0} s " +
        "(messages waiting for {WaitingSeconds:0} s; limit Outbox:Watchdog:StallLimit = {LimitSeconds:0} s). The client cannot " +
        "recover by itself (RabbitMQ.Client 7.2.2 can wedge a connection the broker's crash broke): exiting with code {ExitCode} " +
        "to be restarted; the waiting messages stay in the outbox and are published by the new process")]
    private partial void LogGivingUp(double stalledSeconds, double waitingSeconds, double limitSeconds, int exitCode);
}
