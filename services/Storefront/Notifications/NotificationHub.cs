using System.Collections.Concurrent;
using System.Threading.Channels;

namespace TokenJourney.Storefront.Notifications;

/// <summary>
/// Fans notifications out to the browser tabs of one user (keyed by <c>sub</c>, so a webhook that names only the
/// order's owner still reaches every tab), and keeps the most recent ones so a reloaded page is not empty.
/// </summary>
public sealed class NotificationHub(TimeProvider time)
{
    private const int Kept = 50;

    private readonly ConcurrentDictionary<string, UserFeed> _feeds = new(StringComparer.Ordinal);

    public void Publish(string subject, string kind, string message, string? orderId = null, string? status = null)
    {
        var feed = _feeds.GetOrAdd(subject, _ => new UserFeed());
        var notification = new Notification(time.GetUtcNow(), kind, message, orderId, status);
        lock (feed)
        {
            feed.Recent.Enqueue(notification);
            while (feed.Recent.Count > Kept)
            {
                feed.Recent.Dequeue();
            }
            foreach (var subscriber in feed.Subscribers)
            {
                // A tab that stopped reading loses its oldest notifications rather than holding memory.
                subscriber.Writer.TryWrite(notification);
            }
        }
    }

    public IReadOnlyList<Notification> Recent(string subject)
    {
        if (!_feeds.TryGetValue(subject, out var feed))
        {
            return [];
        }
        lock (feed)
        {
            return [.. feed.Recent];
        }
    }

    public async IAsyncEnumerable<Notification> SubscribeAsync(string subject, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var feed = _feeds.GetOrAdd(subject, _ => new UserFeed());
        var channel = Channel.CreateBounded<Notification>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (feed)
        {
            feed.Subscribers.Add(channel);
        }
        try
        {
            await foreach (var notification in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return notification;
            }
        }
        finally
        {
            lock (feed)
            {
                feed.Subscribers.Remove(channel);
            }
        }
    }

    private sealed class UserFeed
    {
        public Queue<Notification> Recent { get; } = new();
        public List<Channel<Notification>> Subscribers { get; } = [];
    }
}
