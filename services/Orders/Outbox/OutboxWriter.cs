using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using TokenJourney.Contracts;
using TokenJourney.Orders.Storage;
using TokenJourney.Orders.TokenExchange;

namespace TokenJourney.Orders.Outbox;

/// <summary>
/// Adds the shipping request to the outbox in the caller's unit of work: committed with the order change, or not at
/// all. The shipping token is stored encrypted and erased once published.
/// </summary>
public sealed class OutboxWriter(IDataProtectionProvider dataProtection, TimeProvider time)
{
    public const string TokenPurpose = "TokenJourney.Orders.Outbox.Token";

    private readonly IDataProtector _protector = dataProtection.CreateProtector(TokenPurpose);

    public void AddOrderPlaced(OrdersDb db, Order order, ExchangedToken shippingToken)
    {
        var message = new OrderPlaced(order.Id, order.Attempt, order.Subject, order.Sku, order.Quantity, order.CreatedAt);
        db.Outbox.Add(new OutboxMessage
        {
            MessageId = Guid.CreateVersion7(),
            OrderId = order.Id,
            MessageType = nameof(OrderPlaced),
            Body = JsonSerializer.Serialize(message),
            ProtectedToken = _protector.Protect(shippingToken.AccessToken),
            TraceParent = Activity.Current?.Id,
            CreatedAt = time.GetUtcNow(),
        });
    }
}
