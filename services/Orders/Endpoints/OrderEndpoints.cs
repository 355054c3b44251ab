using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using TokenJourney.Orders.Events;
using TokenJourney.Orders.Inventory;
using TokenJourney.Orders.Outbox;
using TokenJourney.Orders.Placement;
using TokenJourney.Orders.Reservations;
using TokenJourney.Orders.Storage;
using TokenJourney.Orders.TokenExchange;
using TokenJourney.Orders.Webhooks;
using TokenJourney.ServiceDefaults;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Orders.Endpoints;

public static class OrderEndpoints
{
    private static readonly TimeSpan StreamHeartbeat = TimeSpan.FromSeconds(20);

    public sealed record PlaceOrderRequest(string? Sku, int Quantity, string? CallbackUrl);

    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/orders");
        orders.MapPost("", PlaceAsync).RequireScope(Scopes.OrdersWrite);
        orders.MapGet("", ListAsync).RequireScope(Scopes.OrdersRead);
        orders.MapGet("/events", Stream).RequireScope(Scopes.OrdersRead);
        orders.MapGet("/{orderId:guid}", GetAsync).RequireScope(Scopes.OrdersRead);
        orders.MapPost("/{orderId:guid}/resume", ResumeAsync).RequireScope(Scopes.OrdersWrite);
        orders.MapGet("/{orderId:guid}/webhook-deliveries", DeliveriesAsync).RequireScope(Scopes.OrdersRead);
        return app;
    }

    private static IResult NotFound(Guid orderId) =>
        Results.Problem($"No order {orderId} for this caller.", statusCode: StatusCodes.Status404NotFound, title: "Order not found");

    private static async Task<IResult> PlaceAsync(
        PlaceOrderRequest request, HttpContext http, OrderPlacement placement, CallbackAllowList allowList, OutboxSignal outbox,
        ConfirmationSignal confirmations)
    {
        if (http.User.Subject() is not { } subject || BearerToken.From(http.Request) is not { } token)
        {
            return Results.Unauthorized();
        }
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Sku) || request.Sku.Length > 100)
        {
            errors["sku"] = ["sku is required (at most 100 characters)."];
        }
        if (request.Quantity is < 1 or > 99)
        {
            errors["quantity"] = ["quantity must be from 1 to 99."];
        }
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }
        string? webhookClient = null;
        if (!string.IsNullOrEmpty(request.CallbackUrl))
        {
            (webhookClient, var refusal) = allowList.Match(request.CallbackUrl);
            if (webhookClient is null)
            {
                return Results.Problem(refusal, statusCode: StatusCodes.Status400BadRequest, title: "Callback URL not allowed",
                    type: "https://tokenjourney.example/problems/callback-url-not-allowed");
            }
        }

        // Publish once the response is on its way, so the client knows the order before news of it can arrive; and tell
        // Inventory the order was committed, so it keeps the reservation (ReservationConfirmer).
        http.Response.OnCompleted(() => { outbox.Notify(); confirmations.Notify(); return Task.CompletedTask; });
        return await ExchangingAsync(async () => ToHttp(await placement.PlaceAsync(
            subject, http.User.FindFirst("azp")?.Value, token, request.Sku!.Trim(), request.Quantity, request.CallbackUrl, webhookClient, http.RequestAborted)));
    }

    private static async Task<IResult> ResumeAsync(Guid orderId, HttpContext http, OrderPlacement placement, OutboxSignal outbox)
    {
        if (http.User.Subject() is not { } subject || BearerToken.From(http.Request) is not { } token)
        {
            return Results.Unauthorized();
        }
        http.Response.OnCompleted(() => { outbox.Notify(); return Task.CompletedTask; });
        return await ExchangingAsync(async () => ToHttp(await placement.ResumeAsync(subject, orderId, token, http.RequestAborted)));
    }

    /// <summary>The HTTP answer to what placing or resuming an order came to.</summary>
    private static IResult ToHttp(PlacementResult result) => result switch
    {
        PlacementResult.Placed { Order: var order } => Results.Created($"/orders/{order.Id}", OrderView.From(order)),
        PlacementResult.Resumed { Order: var order } => Results.Ok(OrderView.From(order)),
        PlacementResult.OrderNotFound { OrderId: var orderId } => NotFound(orderId),
        PlacementResult.NotResumable r => Results.Problem(
            $"Order {r.OrderId} is {r.Status}; only an order awaiting re-authorization can be resumed.",
            statusCode: StatusCodes.Status409Conflict, title: "Order cannot be resumed"),
        PlacementResult.OutOfStock r => Results.Problem(r.Detail, statusCode: StatusCodes.Status409Conflict, title: "Out of stock"),
        PlacementResult.UnknownItem r => Results.ValidationProblem(new Dictionary<string, string[]> { ["sku"] = [$"Unknown item '{r.Sku}'."] }),
        PlacementResult.InventoryUnavailable r => new ServiceUnavailable("Inventory is unavailable", $"Inventory is unavailable ({r.Detail}); no order was changed."),
        PlacementResult.InventoryRefused r => Results.Problem(r.Detail, statusCode: StatusCodes.Status502BadGateway, title: "Inventory could not reserve the stock"),
        _ => throw new InvalidOperationException($"Unmapped placement result {result.GetType().Name}."),
    };

    private static async Task<IResult> ExchangingAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (NoEmbeddedTokenException e)
        {
            // The token is valid but grants nothing for the next hop: no new token of the same kind will, a different one may.
            return Results.Problem(e.Message, statusCode: StatusCodes.Status403Forbidden, title: "No embedded token for the next hop");
        }
        catch (TokenExchangeException e) when (e.SubjectTokenRefused)
        {
            // Valid here within the clock skew, but the IdP no longer accepts it (expired or revoked): the client's
            // cue to refresh and retry, as RFC 6750 puts it.
            return new InvalidTokenChallenge("The access token is no longer accepted by the identity provider; refresh it and retry.");
        }
        catch (TokenExchangeException e) when (e.ProviderUnavailable)
        {
            return new ServiceUnavailable("The identity provider is unavailable", "The identity provider is unavailable (the caller's token could not be exchanged); no order was changed.");
        }
        catch (TokenExchangeException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status502BadGateway, title: "Token exchange failed");
        }
    }

    private static async Task<IResult> GetAsync(Guid orderId, ClaimsPrincipal user, OrdersDb db, CancellationToken ct) =>
        await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.Subject == user.Subject(), ct) is { } order
            ? Results.Ok(OrderView.From(order))
            : NotFound(orderId);

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, OrdersDb db, CancellationToken ct)
    {
        var subject = user.Subject();
        var orders = await db.Orders.AsNoTracking().Where(o => o.Subject == subject)
            .OrderByDescending(o => o.CreatedAt).Take(100).ToListAsync(ct);
        return Results.Ok(orders.Select(OrderView.From));
    }

    private static async Task<IResult> DeliveriesAsync(Guid orderId, ClaimsPrincipal user, OrdersDb db, CancellationToken ct)
    {
        if (!await db.Orders.AnyAsync(o => o.Id == orderId && o.Subject == user.Subject(), ct))
        {
            return NotFound(orderId);
        }
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.OrderId == orderId).OrderBy(d => d.CreatedAt).ToListAsync(ct);
        var ids = deliveries.Select(d => d.Id).ToList();
        var attempts = await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).OrderBy(a => a.Number).ToListAsync(ct);
        return Results.Ok(deliveries.Select(d => new
        {
            d.Id, d.EventType, d.Url, d.State, d.Attempts, d.CreatedAt, d.DeliveredAt,
            History = attempts.Where(a => a.DeliveryId == d.Id).Select(a => new { a.Number, a.At, a.StatusCode, a.Error }),
        }));
    }

    /// <summary>
    /// Server-sent events of the caller's own orders, as they change; a heartbeat keeps proxies from closing an idle
    /// stream. The stream also ends when Orders is stopping (<see cref="StreamingExtensions.StreamAborted"/>).
    /// </summary>
    private static IResult Stream(ClaimsPrincipal user, OrderEventStream events, HttpContext http)
    {
        if (user.Subject() is not { } subject)
        {
            return Results.Unauthorized();
        }
        var open = http.StreamAborted();
        return TypedResults.ServerSentEvents(WithHeartbeat(events.ListenAsync(subject, open), open));
    }

    private static async IAsyncEnumerable<SseItem<object>> WithHeartbeat(IAsyncEnumerable<OrderEvent> source, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var changes = source.GetAsyncEnumerator(ct);
        var next = changes.MoveNextAsync().AsTask();
        yield return new SseItem<object>(new { status = "listening" }, "ready");
        while (!ct.IsCancellationRequested)
        {
            var winner = await Task.WhenAny(next, Task.Delay(StreamHeartbeat, ct));
            if (ct.IsCancellationRequested || next.IsCanceled)
            {
                yield break;
            }
            if (winner != next)
            {
                yield return new SseItem<object>(new { }, "heartbeat");
                continue;
            }
            if (!await next)
            {
                yield break;
            }
            yield return new SseItem<object>(changes.Current, "order");
            next = changes.MoveNextAsync().AsTask();
        }
    }
}
