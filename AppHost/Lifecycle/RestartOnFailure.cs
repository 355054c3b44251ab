using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TokenJourney.AppHost.Services;

namespace TokenJourney.AppHost.Lifecycle;

/// <summary>
/// An orchestrator's restart policy, which Aspire lacks (dotnet/aspire#1708): a service that exits on its own with a
/// failure code is started again, at most once every <see cref="MinimumInterval"/>. Orders' outbox watchdog relies on
/// it (exit code 75 when its RabbitMQ client is wedged). A service stopped from the dashboard or by AppHost is left
/// alone: DCP reports it Terminated, not Finished. Infrastructure is not restarted: tests stop and start it on purpose.
/// </summary>
internal sealed class RestartOnFailure(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime,
    ILogger<RestartOnFailure> logger) : BackgroundService
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastRestart = new();
    private readonly ConcurrentDictionary<string, Task> _pending = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var change in notifications.WatchAsync(stoppingToken))
        {
            if (change.Resource is DotNetServiceResource && ExitedWithFailure(change.Snapshot) && !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                // One restart at a time per resource: a stopped process reports its state more than once.
                _ = _pending.GetOrAdd(change.ResourceId, id => RestartAsync(change.Resource, id, change.Snapshot.ExitCode, stoppingToken));
            }
        }
    }

    private static bool ExitedWithFailure(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text is { } state
        && (state == KnownResourceStates.Finished || state == KnownResourceStates.Exited)
        && snapshot.ExitCode is { } code && code != 0;

    private async Task RestartAsync(IResource resource, string resourceId, int? exitCode, CancellationToken cancellationToken)
    {
        try
        {
            var wait = _lastRestart.TryGetValue(resourceId, out var last) ? last + MinimumInterval - DateTimeOffset.UtcNow : TimeSpan.Zero;
            const string message = "{Resource} exited with code {ExitCode}; starting it again in {Seconds:0} s.";
            logger.LogWarning(message, resource.Name, exitCode, Math.Max(0, wait.TotalSeconds));
            // The same line in the resource's own console log, where a dashboard user looks for why it restarted.
            resourceLogs.GetLogger(resource).LogWarning(message, resource.Name, exitCode, Math.Max(0, wait.TotalSeconds));
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
            _lastRestart[resourceId] = DateTimeOffset.UtcNow;
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, cancellationToken);
            if (!result.Success)
            {
                logger.LogError("Could not start {Resource} again: {Error}", resourceId, result.Message);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // AppHost is stopping.
        }
        finally
        {
            _pending.TryRemove(resourceId, out _);
        }
    }
}
