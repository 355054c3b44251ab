using Microsoft.Extensions.Diagnostics.HealthChecks;
using TokenJourney.Orders.Messaging;

namespace TokenJourney.Orders.Outbox;

/// <summary>Whether RabbitMQ itself answers, whatever the state of Orders' own client (which is what the watchdog doubts).</summary>
public interface IBrokerProbe
{
    Task<bool> AnswersAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Runs the <c>messaging</c> readiness check alone: an AMQP handshake on a connection of its own, so it does not go
/// through RabbitMQ.Client or MassTransit.
/// </summary>
public sealed class MessagingHealthCheckProbe(HealthCheckService health) : IBrokerProbe
{
    public async Task<bool> AnswersAsync(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(r => r.Name == OrdersMessagingExtensions.ConnectionName, cancellationToken);
        // A report without the check (renamed, not registered) would read Healthy; it must not count as an answer.
        return report.Entries.TryGetValue(OrdersMessagingExtensions.ConnectionName, out var entry) && entry.Status == HealthStatus.Healthy;
    }
}
