using System.Text.Json;
using Microsoft.Extensions.Options;
using TokenJourney.Storefront.Notifications;
using TokenJourney.Storefront.Orders;

namespace TokenJourney.Storefront.Webhooks;

public static class WebhookEndpoints
{
    public const string Path = "/webhooks/orders";
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// Orders calls back here (Standard Webhooks) when something happened to an order this Storefront placed.
    /// Anonymous by design: the signature is the authentication. A re-authorization request is acted on at once.
    /// </summary>
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ReceiveAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext http, IOptions<WebhookReceiverOptions> options, RecentWebhookIds seen, OrderBook orders,
        NotificationHub hub, Reauthorizer reauthorizer, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(WebhookEndpoints));
        if (string.IsNullOrEmpty(options.Value.Secret))
        {
            logger.LogWarning("A webhook arrived but Webhooks:Secret is not configured; refusing it.");
            return Results.Problem("This Storefront has no webhook secret configured.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var body = await ReadBodyAsync(http.Request, http.RequestAborted);
        if (body is null)
        {
            return Results.Problem("The webhook body is larger than 64 KiB.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        var headers = http.Request.Headers;
        var id = headers["webhook-id"].ToString();
        var failure = StandardWebhookSignature.Verify(
            StandardWebhookSignature.KeyFrom(options.Value.Secret), id, headers["webhook-timestamp"], headers["webhook-signature"],
            body, time.GetUtcNow(), options.Value.Tolerance);
        if (failure is not null)
        {
            logger.LogWarning("Refused a webhook: {Reason}", failure);
            return Results.Problem("Webhook signature verification failed: " + failure, statusCode: StatusCodes.Status401Unauthorized);
        }
        if (!seen.TryRecord(id))
        {
            return Results.Ok(new { duplicate = true });
        }

        var callback = OrderCallback.Parse(body);
        if (callback is null || orders.Find(callback.OrderId) is not { } order)
        {
            logger.LogInformation("Webhook {WebhookId} names no order this Storefront placed; ignored.", id);
            return Results.Accepted();
        }

        logger.LogInformation("Webhook {WebhookId}: {Type} for order {OrderId}", id, callback.Type, order.Id);
        hub.Publish(order.Subject, "webhook", $"Signed webhook from Orders: {callback.Type}{(callback.Reason is null ? "" : " (" + callback.Reason + ")")}.", order.Id, callback.Status);
        if (callback.Status is { } status && orders.SetStatus(order, status))
        {
            hub.Publish(order.Subject, "order", $"Order {order.Id} is {Reauthorizer.Describe(status)}.", order.Id, status);
        }
        if (callback.RequiresReauthorization)
        {
            await reauthorizer.ResumeAsync(order, "token expired in the queue", http.RequestAborted);
        }
        return Results.Ok(new { received = true });
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

/// <summary>
/// The payload, in Standard Webhooks' recommended shape <c>{ "type", "timestamp", "data": { ... } }</c>; fields are
/// also accepted at the top level so a flatter payload works too.
/// </summary>
public sealed record OrderCallback(string Type, string OrderId, string? Status, string? Reason)
{
    public bool RequiresReauthorization =>
        Type.Contains("reauthoriz", StringComparison.OrdinalIgnoreCase) ||
        string.Equals(Status, "AwaitingReauthorization", StringComparison.Ordinal);

    public static OrderCallback? Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : root;
            var orderId = OrderSnapshot.Text(data, "orderId") ?? OrderSnapshot.Text(data, "id");
            return orderId is null
                ? null
                : new OrderCallback(OrderSnapshot.Text(root, "type") ?? "order.updated", orderId, OrderSnapshot.Text(data, "status"), OrderSnapshot.Text(data, "reason"));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
