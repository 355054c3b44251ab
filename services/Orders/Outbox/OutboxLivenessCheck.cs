using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace TokenJourney.Orders.Outbox;

/// <summary>
/// Orders' <c>/alive</c> says what the watchdog sees: Degraded while the outbox is stalled (no confirm while messages
/// wait and the broker answers) but not yet for <see cref="OutboxWatchdogOptions.StallLimit"/>, Unhealthy from then on.
/// The watchdog exits at that point anyway; an orchestrator that restarts on failed liveness probes reaches the same
/// decision from outside. A broker outage alone never makes Orders unlive: a restart would not help.
/// </summary>
public sealed class OutboxLivenessCheck(OutboxProgress progress, IOptions<OutboxWatchdogOptions> options) : IHealthCheck
{
    public const string Name = "outbox";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stalled = progress.StalledFor;
        var limit = options.Value.StallLimit;
        return Task.FromResult(
            stalled <= TimeSpan.Zero ? HealthCheckResult.Healthy()
            : stalled < limit ? HealthCheckResult.Degraded($"No outbox message confirmed for {stalled.TotalSeconds:0} s while the broker answers (limit {limit.TotalSeconds:0} s).")
            : HealthCheckResult.Unhealthy($"No outbox message confirmed for {stalled.TotalSeconds:0} s while the broker answers: the RabbitMQ client is wedged; Orders is exiting to be restarted."));
    }
}
