using System.Text.Json;
using TokenJourney.ServiceDefaults;
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
        app.MapGet("/events", async (HttpContext http, NotificationHub hub) =>
        {
            var open = http.StreamAborted();
            var subject = http.User.FindFirst("sub")!.Value;
            http.Response.Headers.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-store";
            http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
            await http.Response.WriteAsync(": connected\n\n", http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
            try
            {
                await foreach (var notification in hub.SubscribeAsync(subject, open))
                {
                    await http.Response.WriteAsync($"event: notification\ndata: {JsonSerializer.Serialize(notification, Json)}\n\n", open);
                    await http.Response.Body.FlushAsync(open);
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
