using TokenJourney.Storefront.Notifications;
using TokenJourney.Storefront.Sessions;
using TokenJourney.Storefront.SignIn;

namespace TokenJourney.Storefront.Orders;

/// <summary>
/// The client's half of "the token expired in the queue": refresh the order owner's token (refresh_token grant,
/// rotation) and hand it to Orders through the resume endpoint. Runs on the webhook, or on the page's Resume button.
/// </summary>
public sealed class Reauthorizer(OrderBook orders, TokenSessions sessions, AccessTokens tokens, OrdersClient client, NotificationHub hub, ILogger<Reauthorizer> logger)
{
    public async Task<bool> ResumeAsync(PlacedOrder order, string why, CancellationToken cancellationToken)
    {
        var session = sessions.Find(order.SessionId);
        if (session is null)
        {
            hub.Publish(order.Subject, "error", $"Order {order.Id} waits for re-authorization, but its session has ended: sign in again and press Resume.", order.Id, order.Status);
            return false;
        }

        try
        {
            var refreshed = await tokens.RefreshAsync(session, session.Tokens.Generation, why, cancellationToken);
            var seconds = (int)Math.Max(0, (refreshed.ExpiresAt - DateTimeOffset.UtcNow).TotalSeconds);
            hub.Publish(order.Subject, "token", $"Access token refreshed with the refresh token (valid {seconds} s; the old refresh token is spent).", order.Id);

            var snapshot = await client.ResumeAsync(session, order.Id, cancellationToken);
            var status = string.IsNullOrEmpty(snapshot.Status) ? "Reauthorized" : snapshot.Status;
            if (orders.SetStatus(order, status))
            {
                hub.Publish(order.Subject, "order", $"Order {order.Id} is {Describe(status)}.", order.Id, status);
            }
            hub.Publish(order.Subject, "resume", $"Order {order.Id} resumed with the fresh token.", order.Id, order.Status);
            return true;
        }
        catch (IdentityProviderException e)
        {
            logger.LogWarning("Could not refresh the token for order {OrderId}: {Error}", order.Id, e.Error);
            hub.Publish(order.Subject, "error", $"Refreshing the token for order {order.Id} failed ({e.Error}): sign in again and press Resume.", order.Id, order.Status);
            return false;
        }
        catch (OrdersApiException e)
        {
            logger.LogWarning("Orders refused to resume order {OrderId}: {Error}", order.Id, e.Message);
            hub.Publish(order.Subject, "error", $"Orders refused to resume order {order.Id}: {e.Message}", order.Id, order.Status);
            return false;
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning("Resuming order {OrderId} failed: {Error}", order.Id, e.Message);
            hub.Publish(order.Subject, "error", $"Resuming order {order.Id} failed: {e.Message}", order.Id, order.Status);
            return false;
        }
    }

    /// <summary>"AwaitingReauthorization" (Orders' status) reads as "awaiting re-authorization".</summary>
    public static string Describe(string status) =>
        string.Concat(status.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()))
            .Replace("reauthorization", "re-authorization", StringComparison.Ordinal)
            .Replace("reauthorized", "re-authorized", StringComparison.Ordinal);
}
