using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TokenJourney.Orders.Events;
using TokenJourney.Orders.Inventory;
using TokenJourney.Orders.Outbox;
using TokenJourney.Orders.Storage;
using TokenJourney.Orders.TokenExchange;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Orders.Placement;

/// <summary>
/// Places and resumes orders. Each gets narrower tokens from the caller's first (Inventory's exchanged or embedded, see
/// InventoryTokens; Shipping's always exchanged: nothing is changed when the IdP says no), then commits the order and its shipping request to the outbox in one SQLite transaction.
/// </summary>
public sealed class OrderPlacement(
    OrdersDb db, TokenExchanger exchanger, InventoryTokens inventoryTokens, InventoryClient inventory, OutboxWriter outbox, OrderEventStream events, TimeProvider time)
{
    public const string ShippingAudience = "shipping";

    public async Task<PlacementResult> PlaceAsync(
        string subject, string? clientId, string subjectToken, string sku, int quantity, string? callbackUrl, string? webhookClient,
        CancellationToken cancellationToken)
    {
        var inventoryToken = await inventoryTokens.ForAsync(subjectToken, cancellationToken);
        var shippingToken = await exchanger.ExchangeAsync(subjectToken, ShippingAudience, Scopes.ShippingCreate, cancellationToken);

        var now = time.GetUtcNow();
        var order = new Order
        {
            Id = Guid.CreateVersion7(), Subject = subject, ClientId = clientId, Sku = sku, Quantity = quantity,
            CallbackUrl = callbackUrl, WebhookClient = webhookClient, TraceId = Activity.Current?.TraceId.ToHexString(),
            CreatedAt = now, UpdatedAt = now,
        };

        var reservation = await inventory.ReserveAsync(order.Id, sku, quantity, inventoryToken, cancellationToken);
        switch (reservation.Outcome)
        {
            case ReservationOutcome.OutOfStock:
                return new PlacementResult.OutOfStock(reservation.Detail ?? $"Not enough '{sku}' in stock.");
            case ReservationOutcome.UnknownItem:
                return new PlacementResult.UnknownItem(sku);
            case ReservationOutcome.Unavailable:
                // Inventory may have reserved before its answer was lost (it died, or timed out): the order is refused,
                // so the reservation must not stay.
                await inventory.ReleaseAsync(order.Id, inventoryToken, CancellationToken.None);
                return new PlacementResult.InventoryUnavailable(reservation.Detail ?? "the stock could not be reserved");
            case ReservationOutcome.Refused:
                return new PlacementResult.InventoryRefused(reservation.Detail);
        }

        try
        {
            db.Orders.Add(order);
            outbox.AddOrderPlaced(db, order, shippingToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or OperationCanceledException)
        {
            // Not committed, so never published: give the stock back rather than leak it.
            await inventory.ReleaseAsync(order.Id, inventoryToken, CancellationToken.None);
            throw;
        }
        events.Publish(subject, OrderEvent.From(order));
        return new PlacementResult.Placed(order);
    }

    public async Task<PlacementResult> ResumeAsync(string subject, Guid orderId, string subjectToken, CancellationToken cancellationToken)
    {
        if (await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId && o.Subject == subject, cancellationToken) is not { } current)
        {
            return new PlacementResult.OrderNotFound(orderId);
        }
        if (!OrderTransitions.CanResume(current))
        {
            return NotResumable(current);
        }
        // Exchanged from the token the customer holds now (refreshed), not from anything stored: a fresh consent.
        var shippingToken = await exchanger.ExchangeAsync(subjectToken, ShippingAudience, Scopes.ShippingCreate, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await db.Orders.FirstAsync(o => o.Id == orderId, cancellationToken);
        if (!OrderTransitions.CanResume(order))
        {
            // Someone resumed it between our two reads; only one resume re-publishes.
            return NotResumable(order);
        }
        OrderTransitions.Resume(order, time.GetUtcNow());
        outbox.AddOrderPlaced(db, order, shippingToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        events.Publish(subject, OrderEvent.From(order));
        return new PlacementResult.Resumed(order);
    }

    private static PlacementResult NotResumable(Order order) => new PlacementResult.NotResumable(order.Id, order.Status);
}
