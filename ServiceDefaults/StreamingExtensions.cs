using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TokenJourney.ServiceDefaults;

public static class StreamingExtensions
{
    /// <summary>
    /// For a response that stays open (Server-Sent Events): cancelled when the client goes away or when the service is
    /// stopping. An open stream would otherwise hold the graceful shutdown until the orchestrator kills the process,
    /// and a killed process looks like a crash to a restart policy.
    /// </summary>
    public static CancellationToken StreamAborted(this HttpContext http)
    {
        var stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var open = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        http.Response.RegisterForDispose(open);
        return open.Token;
    }
}
