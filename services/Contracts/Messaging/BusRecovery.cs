using System.Net.Sockets;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TokenJourney.Contracts.Messaging;

/// <summary>
/// MassTransit 8 reconnects to RabbitMQ by itself after a broker restart, but not always: endpoints can stay faulted
/// for good (MassTransit issue #5942; seen here after a SIGKILL of the broker), and then the outbox stops publishing
/// and consumers stop consuming while the broker is back. Restarting the bus in process did not bring them back; a
/// new process does. So, like a failing liveness probe, this stops the service when the bus has been unhealthy for a
/// minute although the broker accepts connections, and the supervisor (AppHost, Kubernetes) starts it again. Nothing
/// is lost: unacknowledged messages stay in their queues and unpublished ones in the outbox.
/// </summary>
public sealed partial class BusRecovery(IBusControl bus, Uri broker, IHostApplicationLifetime lifetime, TimeProvider time,
    ILogger<BusRecovery> logger) : BackgroundService
{
    /// <summary>EX_TEMPFAIL: a temporary failure, worth a restart.</summary>
    public const int ExitCode = 75;

    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? stuckSince = null;
        using var timer = new PeriodicTimer(CheckEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var health = bus.CheckHealth();
            // A bus waiting for a broker that is down is doing its job; only a bus that cannot use a live broker is stuck.
            if (health.Status == BusHealthStatus.Healthy || !await BrokerAcceptsConnectionsAsync(stoppingToken))
            {
                stuckSince = null;
                continue;
            }
            var now = time.GetUtcNow();
            stuckSince ??= now;
            if (now - stuckSince >= GiveUpAfter)
            {
                LogStopping((int)(now - stuckSince.Value).TotalSeconds, health.Description);
                Environment.ExitCode = ExitCode;
                lifetime.StopApplication();
                return;
            }
        }
    }

    private async Task<bool> BrokerAcceptsConnectionsAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(broker.Host, broker.IsDefaultPort || broker.Port < 0 ? 5672 : broker.Port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(LogLevel.Error, "The message bus has not recovered for {Seconds} s although the broker is up ({Description}); stopping so the supervisor restarts this service")]
    private partial void LogStopping(int seconds, string description);
}

public static class BusRecoveryExtensions
{
    public static IServiceCollection AddBusRecovery(this IServiceCollection services, Uri broker)
    {
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<BusRecovery>(sp, broker));
        return services;
    }
}
