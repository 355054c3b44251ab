using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;
using TokenJourney.Storefront.Orders;
using TokenJourney.Storefront.Sessions;
using TokenJourney.Storefront.SignIn;

namespace TokenJourney.Storefront.Notifications;

/// <summary>
/// Listens to Orders' live stream (Server-Sent Events, through the gateway, with the session's token) for each
/// signed-in user with orders, and relays status changes to the page. Reconnects with a fresh token when the
/// stream ends; stops when the session ends or the app stops.
/// </summary>
public sealed class OrderStreamRelay(
    IHttpClientFactory httpClients, IConfiguration configuration, TokenSessions sessions, AccessTokens tokens,
    OrderBook orders, NotificationHub hub, IHostApplicationLifetime lifetime, ILogger<OrderStreamRelay> logger)
{
    public const string HttpClientName = "orders-stream";
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, Task> _listeners = new(StringComparer.Ordinal);

    private string EventsPath => configuration["Orders:EventsPath"] ?? "/api/orders/events";

    public void EnsureListening(TokenSession session)
    {
        if (_listeners.TryGetValue(session.Id, out var running) && !running.IsCompleted)
        {
            return;
        }
        _listeners[session.Id] = Task.Run(() => ListenAsync(session.Id, lifetime.ApplicationStopping));
    }

    private async Task ListenAsync(string sessionId, CancellationToken stopping)
    {
        var http = httpClients.CreateClient(HttpClientName);
        while (!stopping.IsCancellationRequested && sessions.Find(sessionId) is { } session)
        {
            try
            {
                var generation = session.Tokens.Generation;
                using var request = new HttpRequestMessage(HttpMethod.Get, EventsPath);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(session, stopping));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stopping);
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    await tokens.RefreshAsync(session, generation, "live stream refused the token", stopping);
                    continue;
                }
                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
                {
                    logger.LogWarning("Orders' live stream at {Path} answered {Status}; no live updates for {User}.", EventsPath, (int)response.StatusCode, session.UserName);
                    return;
                }
                response.EnsureSuccessStatusCode();
                await using var stream = await response.Content.ReadAsStreamAsync(stopping);
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(stopping))
                {
                    Relay(session, item.EventType, item.Data);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or IdentityProviderException)
            {
                logger.LogInformation("Orders' live stream for {User} ended ({Error}); reconnecting.", session.UserName, e.Message);
                if (e is IdentityProviderException { RequiresSignIn: true })
                {
                    return;
                }
            }
            await Task.Delay(Backoff, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Any event naming one of this user's orders and a status is news for the page.</summary>
    private void Relay(TokenSession session, string eventType, string data)
    {
        string? orderId, status;
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            var body = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : root;
            orderId = OrderSnapshot.Text(body, "orderId") ?? OrderSnapshot.Text(body, "id");
            status = OrderSnapshot.Text(body, "status");
        }
        catch (JsonException)
        {
            return;
        }
        if (orderId is null || status is null || orders.Find(orderId) is not { } order || order.Subject != session.Subject)
        {
            return;
        }
        if (orders.SetStatus(order, status))
        {
            hub.Publish(order.Subject, "order", $"Order {order.Id} is {Reauthorizer.Describe(status)} (live stream: {eventType}).", order.Id, status);
        }
    }
}
