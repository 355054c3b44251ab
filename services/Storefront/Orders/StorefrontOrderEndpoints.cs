using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using TokenJourney.Storefront.Notifications;
using TokenJourney.Storefront.Pages;
using TokenJourney.ServiceDefaults;
using TokenJourney.ServiceDefaults.Authentication;
using TokenJourney.Storefront.SignIn;
using TokenJourney.Storefront.Webhooks;

namespace TokenJourney.Storefront.Orders;

/// <summary>
/// What the page's script calls. JSON only: a cross-site form cannot send application/json without a CORS
/// preflight, which this app never grants, so the session cookie cannot be ridden to place orders.
/// </summary>
public static class StorefrontOrderEndpoints
{
    public sealed record PlaceOrder([property: Required] string Item, [property: Range(1, 99)] int Quantity);

    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/orders").RequireAuthorization();
        group.MapGet("", (HttpContext http, OrderBook orders, IOptions<JourneyViewLinkOptions> journeyView) =>
            orders.ForUser(http.User.Subject()!).Select(o => View(o, journeyView.Value)));
        group.MapPost("", PlaceAsync).DisableAntiforgery();
        group.MapPost("/{orderId}/resume", ResumeAsync).DisableAntiforgery();

        app.MapGet("/session", (HttpContext http, TimeProvider time) => http.CurrentSession() is { } session
            ? Results.Ok(new
            {
                user = session.UserName,
                accessTokenSecondsLeft = (int)Math.Max(0, (session.Tokens.ExpiresAt - time.GetUtcNow()).TotalSeconds),
                hasRefreshToken = session.Tokens.RefreshToken is not null,
                scope = session.Tokens.Scope,
                refreshes = session.Tokens.Generation - 1,
            })
            : Results.Unauthorized()).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> PlaceAsync(
        HttpContext http, PlaceOrder request, OrdersClient client, OrderBook orders, NotificationHub hub,
        OrderStreamRelay relay, IOptions<JourneyViewLinkOptions> journeyView, TimeProvider time)
    {
        if (http.CurrentSession() is not { } session)
        {
            return Results.Unauthorized();
        }
        if (string.IsNullOrWhiteSpace(request.Item) || request.Quantity is < 1 or > 99)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["quantity"] = ["Choose an item and a quantity from 1 to 99."] });
        }

        // The user's action starts here: its trace id is the one the journey view shows the whole journey under.
        var traceId = Activity.Current?.TraceId.ToHexString() ?? ActivityTraceId.CreateRandom().ToHexString();
        var callback = new Uri($"{http.Request.Scheme}://{http.Request.Host}{WebhookEndpoints.Path}");
        try
        {
            var snapshot = await client.PlaceAsync(session, request.Item, request.Quantity, callback, http.RequestAborted);
            var order = new PlacedOrder(snapshot.Id, session.Subject, session.Id, request.Item, request.Quantity, traceId, time.GetUtcNow());
            orders.Add(order);
            relay.EnsureListening(session);
            if (!string.IsNullOrEmpty(snapshot.Status))
            {
                orders.SetStatus(order, snapshot.Status);
            }
            hub.Publish(session.Subject, "order", $"Order {order.Id} placed ({request.Quantity} × {request.Item}); it is {Reauthorizer.Describe(order.Status)}.", order.Id, order.Status);
            return Results.Created($"/orders/{order.Id}", View(order, journeyView.Value));
        }
        catch (OrdersApiException e) when (e.RetryAfter is { } retryAfter)
        {
            hub.Publish(session.Subject, "error", $"Ordering is unavailable right now; nothing was placed ({e.Message}).");
            return new ServiceUnavailable("Ordering is unavailable right now", $"Nothing was placed: {e.Message}", retryAfter);
        }
        catch (OrdersApiException e)
        {
            hub.Publish(session.Subject, "error", "Placing the order failed: " + e.Message);
            return Results.Problem(e.Message, statusCode: StatusCodes.Status502BadGateway, title: "The order could not be placed");
        }
        catch (HttpRequestException)
        {
            hub.Publish(session.Subject, "error", "The gateway could not be reached; nothing was placed. Try again in a few seconds.");
            return new ServiceUnavailable("The gateway could not be reached", "Nothing was placed: the gateway could not be reached.");
        }
    }

    private static async Task<IResult> ResumeAsync(HttpContext http, string orderId, OrderBook orders, Reauthorizer reauthorizer, IOptions<JourneyViewLinkOptions> journeyView)
    {
        if (orders.Find(orderId) is not { } order || order.Subject != http.User.Subject()!)
        {
            return Results.NotFound();
        }
        // The user may have signed in again since placing the order: resume with the session they are in now.
        order.SessionId = http.CurrentSession()?.Id ?? order.SessionId;
        var resumed = await reauthorizer.ResumeAsync(order, "resume requested by the user", http.RequestAborted);
        return resumed ? Results.Ok(View(order, journeyView.Value)) : Results.Problem("The order could not be resumed; see the notifications.", statusCode: StatusCodes.Status502BadGateway);
    }

    private static object View(PlacedOrder order, JourneyViewLinkOptions journeyView) => new
    {
        order.Id,
        order.Item,
        order.Quantity,
        order.Status,
        StatusText = Reauthorizer.Describe(order.Status),
        order.PlacedAt,
        order.TraceId,
        TraceUrl = journeyView.TraceUrl(order.TraceId),
        History = order.History.Select(h => new { h.Status, h.At }),
    };
}
