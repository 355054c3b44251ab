using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TokenJourney.AppHost.Lifecycle;

/// <summary>
/// One line once every resource answers its health check, with the time it took and where each one answers: what a
/// user waits for before opening the storefront, and what benchmarks/startup measures.
/// </summary>
internal sealed class StartupReport(DistributedApplicationModel model, ResourceNotificationService notifications, ILogger<StartupReport> logger)
    : BackgroundService
{
    public const string ReadyMessage = "All resources are healthy";

    private readonly Stopwatch _sinceStart = Stopwatch.StartNew();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watched = model.Resources.Where(r => r.Annotations.OfType<HealthCheckAnnotation>().Any()).ToList();
        try
        {
            await Task.WhenAll(watched.Select(r => notifications.WaitForResourceHealthyAsync(r.Name, stoppingToken)));
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
}
