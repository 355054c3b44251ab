using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TokenJourney.Orders.Storage;
using TokenJourney.ServiceDefaults;

namespace TokenJourney.Orders.Webhooks;

/// <summary>
/// Sends queued callbacks, signed per Standard Webhooks with the client's secret, one attempt at a time with
/// exponential backoff, every attempt recorded. Redirects are not followed: a 3xx is a failed attempt, so a
/// callback can never be bounced to a host outside the allow-list. The address connected to is checked when the
/// connection opens (<see cref="CallbackConnector"/>): a host name that resolves inside fails the delivery at once.
/// </summary>
public sealed partial class WebhookDeliverer(
    IServiceScopeFactory scopes, IHttpClientFactory httpClients, IOptionsMonitor<WebhookOptions> options, CallbackAllowList allowList,
    WebhookSignal signal, TimeProvider time, ILogger<WebhookDeliverer> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogLoopFailed(e.GetType().Name);
            }
            await signal.WaitAsync(Poll, stoppingToken);
        }
    }

    private async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
        var now = time.GetUtcNow();
        var due = await db.WebhookDeliveries
            .Where(d => d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt).Take(50).ToListAsync(cancellationToken);
        // Attempts run in parallel but only touch their own delivery; the context is used again once they are all done.
        var attempts = await Task.WhenAll(due.Select(d => AttemptAsync(d, cancellationToken)));
        db.WebhookAttempts.AddRange(attempts);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<WebhookAttempt> AttemptAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        ActivityContext.TryParse(delivery.TraceParent, null, isRemote: true, out var parent);
        using var activity = TokenJourneyTelemetry.ActivitySource.StartActivity("orders webhook callback", ActivityKind.Producer, parent);
        activity?.SetTag("order.id", delivery.OrderId.ToString());
        activity?.SetTag("webhook.id", delivery.Id);
        activity?.SetTag("webhook.type", delivery.EventType);

        var settings = options.CurrentValue;
        delivery.Attempts++;
        var attempt = new WebhookAttempt { DeliveryId = delivery.Id, Number = delivery.Attempts, At = time.GetUtcNow() };

        // Configuration may have changed since registration: a URL no longer allowed, or a client removed, gets nothing.
        if (allowList.Match(delivery.Url).Client != delivery.Client ||
            !settings.Clients.TryGetValue(delivery.Client, out var client) ||
            !StandardWebhookSigner.TryReadSecret(client.Secret, out var key))
        {
            attempt.Error = "callback URL or client no longer allowed by configuration";
            delivery.State = WebhookDeliveryState.Failed;
            LogAbandoned(delivery.Id, delivery.OrderId, attempt.Error);
            return attempt;
        }

        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("webhook-id", delivery.Id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", StandardWebhookSigner.Sign(key, delivery.Id, timestamp, body));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.RequestTimeout);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            attempt.StatusCode = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                delivery.State = WebhookDeliveryState.Delivered;
                delivery.DeliveredAt = time.GetUtcNow();
                activity?.SetTag("http.response.status_code", attempt.StatusCode);
                return attempt;
            }
            attempt.Error = (int)response.StatusCode is >= 300 and < 400 ? "redirect not followed" : "receiver answered " + attempt.StatusCode;
        }
        catch (HttpRequestException e) when (e.InnerException is CallbackAddressRefusedException)
        {
            // Not a passing failure: the name leads inside (DNS rebinding, or a misconfigured entry). Retrying would only ask again.
            attempt.Error = "callback host resolves to an internal address its URL does not name";
            delivery.State = WebhookDeliveryState.Failed;
            activity?.SetStatus(ActivityStatusCode.Error, attempt.Error);
            LogAbandoned(delivery.Id, delivery.OrderId, attempt.Error);
            return attempt;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            attempt.Error = e is OperationCanceledException ? "timed out" : "unreachable";
        }

        activity?.SetStatus(ActivityStatusCode.Error, attempt.Error);
        if (delivery.Attempts >= settings.MaxAttempts)
        {
            delivery.State = WebhookDeliveryState.Failed;
            LogAbandoned(delivery.Id, delivery.OrderId, attempt.Error);
            return attempt;
        }
        delivery.NextAttemptAt = time.GetUtcNow() + Backoff(settings, delivery.Attempts);
        LogRetrying(delivery.Id, delivery.OrderId, delivery.Attempts, attempt.Error);
        return attempt;
    }

    /// <summary>Doubling from the first delay, capped, so a receiver that is down briefly is not hammered and one down long is still retried.</summary>
    public static TimeSpan Backoff(WebhookOptions settings, int attemptsSoFar)
    {
        var delay = settings.FirstRetryDelay * Math.Pow(2, Math.Min(attemptsSoFar - 1, 20));
        return delay > settings.MaxRetryDelay ? settings.MaxRetryDelay : delay;
    }

    [LoggerMessage(LogLevel.Warning, "Webhook {WebhookId} for order {OrderId}: attempt {Attempt} failed ({Error}); will retry")]
    private partial void LogRetrying(string webhookId, Guid orderId, int attempt, string error);

    [LoggerMessage(LogLevel.Error, "Webhook {WebhookId} for order {OrderId} abandoned: {Error}")]
    private partial void LogAbandoned(string webhookId, Guid orderId, string error);

    [LoggerMessage(LogLevel.Error, "The webhook delivery loop failed ({Error}); retrying")]
    private partial void LogLoopFailed(string error);
}
