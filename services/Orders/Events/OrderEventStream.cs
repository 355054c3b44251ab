using System.Collections.Concurrent;
using System.Threading.Channels;

namespace TokenJourney.Orders.Events;

/// <summary>
/// In-process fan-out of committed order changes to each customer's live streams (SSE). Best effort by design: a
/// client that was not listening reads the order itself or gets the webhook, which is the durable channel.
/// </summary>
public sealed class OrderEventStream
{
    private const int BufferPerListener = 256;
    private readonly ConcurrentDictionary<Guid, (string Subject, Channel<OrderEvent> Channel)> _listeners = new();

    public void Publish(string subject, OrderEvent orderEvent)
    {
        foreach (var (_, listener) in _listeners)
        {
            if (listener.Subject == subject)
            {
                listener.Channel.Writer.TryWrite(orderEvent);
            }
        }
    }

    public async IAsyncEnumerable<OrderEvent> ListenAsync(string subject, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        // A listener that stops reading loses its oldest events rather than growing memory without end.
        var channel = Channel.CreateBounded<OrderEvent>(new BoundedChannelOptions(BufferPerListener) { FullMode = BoundedChannelFullMode.DropOldest });
        _listeners[id] = (subject, channel);
        try
        {
            await foreach (var orderEvent in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return orderEvent;
            }
        }
        finally
        {
            _listeners.TryRemove(id, out _);
        }
    }
}
