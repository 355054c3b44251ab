using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TokenJourney.AppHost.Lifecycle;

/// <summary>
/// A line per resource when it answers its health check (when its process started, when it answered), then one line
/// once all do, with where each one answers: what a user waits for before opening the storefront, what
/// benchmarks/startup measures, and where the seconds of a start go. A start that takes longer than
/// <see cref="WaitingReportInterval"/> says, every such interval, what it still waits for and why (each resource's
/// state and failing health checks), so a stalled start names its cause in the console, not only in the dashboard.
/// </summary>
/// <remarks>
/// It starts watching in <see cref="StartingAsync"/>, before any hosted service starts: Aspire's own start-up (a hosted
/// service registered before this one) returns only once every resource has been launched, the waits included.
/// </remarks>
internal sealed class StartupReport(DistributedApplicationModel model, ResourceNotificationService notifications, ILogger<StartupReport> logger)
    : IHostedLifecycleService, IDisposable
{
    public const string ReadyMessage = "All resources are healthy";

    /// <summary>A quiet start takes about 13 s on two cores (benchmarks/startup).</summary>
    public static readonly TimeSpan WaitingReportInterval = TimeSpan.FromSeconds(30);

    private readonly Stopwatch _sinceStart = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, CustomResourceSnapshot> _latest = new();
    private Task _report = Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _sinceStart.Start();
        _report = Task.WhenAll(ReportAsync(_stopping.Token), FollowAsync(_stopping.Token));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _report;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public void Dispose() => _stopping.Dispose();

    private async Task ReportAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var watched = model.Resources.Where(r => r.Annotations.OfType<HealthCheckAnnotation>().Any()).ToList();
        var allHealthy = Task.WhenAll(watched.Select(r => ReportHealthyAsync(r.Name, stoppingToken)));
        while (await Task.WhenAny(allHealthy, Task.Delay(WaitingReportInterval, stoppingToken)) != allHealthy && !stoppingToken.IsCancellationRequested)
        {
            ReportWaiting(watched);
        }
        try
        {
            await allHealthy;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var urls = watched.OfType<IResourceWithEndpoints>()
            .Select(r => (r.Name, Endpoint: r.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.UriScheme == "http")?.AllocatedEndpoint?.UriString))
            .Where(r => r.Endpoint is not null)
            .Select(r => $"{r.Name} {r.Endpoint}");
        logger.LogInformation("{Ready} after {Seconds:0.0} s: {Urls}", ReadyMessage, _sinceStart.Elapsed.TotalSeconds, string.Join(", ", urls));
    }

    private void ReportWaiting(IEnumerable<IResource> watched)
    {
        var waiting = watched.Where(r => !_latest.TryGetValue(r.Name, out var snapshot) || snapshot.HealthStatus != HealthStatus.Healthy)
            .Select(r => $"{r.Name} ({Describe(r.Name)})");
        logger.LogWarning("Still waiting after {Seconds:0} s for: {Resources}", _sinceStart.Elapsed.TotalSeconds, string.Join("; ", waiting));
    }

    private string Describe(string resource)
    {
        if (!_latest.TryGetValue(resource, out var snapshot))
        {
            return "no state yet";
        }
        var failing = snapshot.HealthReports.Where(report => report.Status != HealthStatus.Healthy)
            .Select(report => $", {report.Name}: {report.Description ?? report.Status?.ToString() ?? "not checked yet"}");
        return (snapshot.State?.Text ?? "no state") + string.Concat(failing);
    }

    /// <summary>The latest snapshot of every resource, for what a slow start still waits for.</summary>
    private async Task FollowAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                _latest[change.Resource.Name] = change.Snapshot;
            }
        }
        catch (OperationCanceledException)
        {
            // AppHost is stopping.
        }
    }

    private async Task ReportHealthyAsync(string resource, CancellationToken stoppingToken)
    {
        await notifications.WaitForResourceAsync(resource, KnownResourceStates.Running, stoppingToken);
        var running = _sinceStart.Elapsed.TotalSeconds;
        await notifications.WaitForResourceHealthyAsync(resource, stoppingToken);
        logger.LogInformation("{Resource} healthy after {Seconds:0.0} s (its process started at {Started:0.0} s)",
            resource, _sinceStart.Elapsed.TotalSeconds, running);
    }
}
