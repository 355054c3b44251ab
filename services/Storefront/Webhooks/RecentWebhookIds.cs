namespace TokenJourney.Storefront.Webhooks;

/// <summary>Standard Webhooks senders retry; the webhook-id makes a delivery idempotent. Bounded: only recent ids matter.</summary>
public sealed class RecentWebhookIds
{
    private const int Capacity = 2048;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    /// <returns>true the first time an id is seen.</returns>
    public bool TryRecord(string id)
    {
        lock (_seen)
        {
            if (!_seen.Add(id))
            {
                return false;
            }
            _order.Enqueue(id);
            if (_order.Count > Capacity)
            {
                _seen.Remove(_order.Dequeue());
            }
            return true;
        }
    }
}
