using System.Text.Json;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Storefront.Notifications;

public static class NotificationEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The page's own Server-Sent Events stream. The browser cannot call Orders' stream itself (that needs a
    /// token, and the browser holds none), so the Storefront relays it here together with its own events.
    /// </summary>
    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        app.MapGet("/events", async (HttpContext http, NotificationHub hub, IHostApplicationLifetime lifetime) =>
        {
            // Ends when the storefront stops too: an open stream would hold the graceful shutdown until the
            // orchestrator kills the process, which a restart policy cannot tell from a crash.
            using var open = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            var subject = http.User.FindFirst("sub")!.Value;
            http.Response.Headers.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-store";
            http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
            await http.Response.WriteAsync(": connected\n\n", http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
            try
            {
                await foreach (var notification in hub.SubscribeAsync(subject, open.Token))
                {
                    await http.Response.WriteAsync($"event: notification\ndata: {JsonSerializer.Serialize(notification, Json)}\n\n", open.Token);
                    await http.Response.Body.FlushAsync(open.Token);
                }
            }
            catch (OperationCanceledException) when (open.IsCancellationRequested)
            {
                // The tab closed, or the storefront is stopping.
            }
        }).RequireAuthorization();

        app.MapGet("/notifications", (HttpContext http, NotificationHub hub) =>
            Results.Json(hub.Recent(http.User.FindFirst("sub")!.Value), Json)).RequireAuthorization();
        return app;
    }
}
