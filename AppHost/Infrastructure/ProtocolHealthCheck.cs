using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TokenJourney.AppHost.Infrastructure;

internal static class ProtocolHealthCheckExtensions
{
    /// <summary>Registers <paramref name="probe"/> on <paramref name="endpoint"/> as the resource's health check, so <c>WaitFor</c> means "answers".</summary>
    public static IResourceBuilder<T> WithProtocolHealthCheck<T>(this IResourceBuilder<T> resource, IDistributedApplicationBuilder builder,
        EndpointReference endpoint, Func<string, int, CancellationToken, Task<string?>> probe) where T : IResource
    {
        var key = $"{resource.Resource.Name}-protocol";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key, _ => new ProtocolHealthCheck(endpoint, probe), failureStatus: null, tags: null));
        return resource.WithHealthCheck(key);
    }
}

/// <summary>Healthy when the process behind <paramref name="endpoint"/> answers its own protocol, not merely accepts a connection.</summary>
/// <remarks>
/// One check keeps probing, every <see cref="ProbeInterval"/>, for up to <see cref="Patience"/> before it reports
/// unhealthy. Aspire checks a resource that is not healthy yet again after 1, 2, 3, 4 and then 5 s: a service that
/// answers 1.1 s after its process started was seen at 3 s, a broker that answers at 6.1 s at 10 s, and every link of
/// the <c>WaitFor</c> chain (broker, then Orders, then ...) paid that gap again. Probing within the check sees the
/// answer within 100 ms of it.
/// </remarks>
internal sealed class ProtocolHealthCheck(EndpointReference endpoint, Func<string, int, CancellationToken, Task<string?>> probe) : IHealthCheck
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!endpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy("No port allocated yet.");
        }
        // Local processes listen on 127.0.0.1; "localhost" could resolve to ::1 first.
        var host = endpoint.Host is "localhost" ? "127.0.0.1" : endpoint.Host;
        var checking = Stopwatch.StartNew();
        while (true)
        {
            var problem = await probe(host, endpoint.Port, cancellationToken);
            if (problem is null)
            {
                return HealthCheckResult.Healthy();
            }
            if (checking.Elapsed >= Patience)
            {
                return HealthCheckResult.Unhealthy(problem);
            }
            await Task.Delay(ProbeInterval, cancellationToken);
        }
    }
}
