using Microsoft.Extensions.Options;

namespace TokenJourney.Orders.Outbox;

/// <summary>
/// Crash-only recovery for a RabbitMQ client that cannot recover by itself: when the outbox gets no message confirmed
/// for <see cref="OutboxWatchdogOptions.StallLimit"/> while messages wait and the broker answers, Orders logs why and
/// exits (<see cref="IServiceExit"/>) to be started again. Nothing is lost or doubled by that: a committed order's
/// message waits in SQLite until the broker confirmed it, the new process publishes it, and a message that was
/// confirmed but not yet marked sent is published twice, which the consumers handle once.
/// <para>
/// Workaround for RabbitMQ.Client issue #1976 (rabbitmq/rabbitmq-dotnet-client: a channel's publisher-confirm
/// semaphore is disposed while publishes and the channel's own shutdown handler wait on it, and they then wait forever),
/// fixed by pull request #1987, which 7.2.2 (the version MassTransit.RabbitMQ 8.5.12 brings in) lacks. <b>Remove when</b> the RabbitMQ.Client that
/// MassTransit.RabbitMQ brings in contains #1987 and the fault campaign (Faults/FaultCampaignTests) passes with the
/// watchdog disabled. Until then: when RabbitMQ is killed with publishes in flight (about one SIGKILL in ten), the
/// connection never finishes closing and MassTransit, never told, neither reconnects nor fails; Orders' log shows
/// "S-FAULT ... ObjectDisposedException: ... SemaphoreSlim". Only a new client gets out of that, and the only safe way
/// to drop the wedged one, with its threads stuck inside it, is a new process.
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
