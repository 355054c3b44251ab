using System.Collections.Concurrent;

namespace TokenJourney.Storefront.Orders;

/// <summary>The orders placed through this Storefront, by id; bounded so a long demo cannot grow memory without end.</summary>
public sealed class OrderBook(TimeProvider time)
{
    private const int MaxOrders = 5000;

    private readonly ConcurrentDictionary<string, PlacedOrder> _orders = new(StringComparer.OrdinalIgnoreCase);

    public void Add(PlacedOrder order)
    {
        if (_orders.Count >= MaxOrders)
        {
            foreach (var oldest in _orders.Values.OrderBy(o => o.PlacedAt).Take(_orders.Count - MaxOrders + 1))
            {
                _orders.TryRemove(oldest.Id, out _);
            }
        }
        _orders[order.Id] = order;
    }

    public PlacedOrder? Find(string orderId) => _orders.TryGetValue(orderId, out var order) ? order : null;

    public IReadOnlyList<PlacedOrder> ForUser(string subject) =>
        [.. _orders.Values.Where(o => o.Subject == subject).OrderByDescending(o => o.PlacedAt)];

    /// <summary>Records a status; returns false when it is not news (the stream and the webhook may both report it).</summary>
    public bool SetStatus(PlacedOrder order, string status)
    {
        lock (order)
        {
            if (string.Equals(order.Status, status, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            order.Status = status;
            order.UpdatedAt = time.GetUtcNow();
            order.History.Add(new StatusChange(status, order.UpdatedAt));
            return true;
        }
    }
}
