using TokenJourney.ServiceDefaults;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace TokenJourney.Gateway.Proxy;

/// <summary>
/// What the client gets when YARP could not complete a request to the backend. A backend that could not be reached
/// at all (down, restarting, connection refused, every destination marked unhealthy) is answered with 503 and
/// <c>Retry-After</c> instead of YARP's 502: the request reached nothing, and sending it again is safe. A connection
/// that failed after the request was sent keeps 502, saying the request may have been processed (a retried POST could
/// place an order twice: read the orders first).
/// </summary>
public static class UnreachableBackend
{
    public static async Task AnswerAsync(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.Response.HasStarted || context.GetForwarderErrorFeature() is not { } failure)
        {
            return;
        }
        var backend = context.Features.Get<IReverseProxyFeature>()?.Cluster.Config.ClusterId ?? "the service";
        if (NeverReached(failure))
        {
            await ServiceUnavailable.WriteAsync(context, $"{backend} is unavailable", $"The gateway could not reach {backend}; nothing was processed.");
            return;
        }
        context.Response.Headers.CacheControl = "no-store";
        if (failure.Error is ForwarderError.Request or ForwarderError.RequestTimedOut)
        {
            await Results.Problem(
                    $"The connection to {backend} failed after the request was sent; it may have been processed.",
                    statusCode: context.Response.StatusCode, title: $"No answer from {backend}")
                .ExecuteAsync(context);
        }
    }

    private static bool NeverReached(IForwarderErrorFeature failure) => failure.Error switch
    {
        ForwarderError.NoAvailableDestinations => true,
        ForwarderError.Request => failure.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError },
        _ => false,
    };
}
