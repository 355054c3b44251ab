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
internal sealed class ProtocolHealthCheck(EndpointReference endpoint, Func<string, int, CancellationToken, Task<string?>> probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!endpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy("No port allocated yet.");
        }
        // Local processes listen on 127.0.0.1; "localhost" could resolve to ::1 first.
        var host = endpoint.Host is "localhost" ? "127.0.0.1" : endpoint.Host;
        var problem = await probe(host, endpoint.Port, cancellationToken);
        return problem is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(problem);
    }
}
