using System.Collections.Concurrent;

namespace TokenJourney.Gateway.Edge;

/// <summary>
/// A token bucket per subject (per client for client-credentials tokens), in process. A bucket refills from the elapsed
/// time of <see cref="TimeProvider"/> when it is used, not on a timer, so the refill is what the clock says. Its content
/// is counted in the clock's timestamp units (one request costs a second's worth divided by the rate): whole numbers,
/// so a bucket is exactly full or empty when the clock says so.
/// </summary>
public sealed class SubjectRateLimiter(RateLimitOptions options, TimeProvider time)
{
    /// <summary>How often full buckets are dropped; a full bucket is the same as none, so dropping one changes nothing.</summary>
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    private readonly long _cost = time.TimestampFrequency / options.TokensPerSecond;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private long _lastSweep = time.GetTimestamp();

    private long Capacity => _cost * options.TokenLimit;

    /// <summary>Null when the request may go on; otherwise how long the caller should wait (at least one second).</summary>
    public TimeSpan? TryAcquire(string partition)
    {
        var now = time.GetTimestamp();
        SweepIfDue(now);
        var bucket = _buckets.GetOrAdd(partition, _ => new Bucket(Capacity, now));
        lock (bucket)
        {
            Refill(bucket, now);
            if (bucket.Credit >= _cost)
            {
                bucket.Credit -= _cost;
                return null;
            }
            var untilOne = TimeSpan.FromSeconds((double)(_cost - bucket.Credit) / time.TimestampFrequency);
            return untilOne > TimeSpan.FromSeconds(1) ? untilOne : TimeSpan.FromSeconds(1);
        }
    }

    private void Refill(Bucket bucket, long now)
    {
        bucket.Credit = Math.Min(Capacity, bucket.Credit + (now - bucket.RefilledAt));
        bucket.RefilledAt = now;
    }

    private void SweepIfDue(long now)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (time.GetElapsedTime(last, now) < SweepInterval || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }
        foreach (var (partition, bucket) in _buckets)
        {
            lock (bucket)
            {
                Refill(bucket, now);
                if (bucket.Credit >= Capacity)
                {
                    // A request racing this removal takes from a bucket about to go: at most one request more, once.
                    _buckets.TryRemove(KeyValuePair.Create(partition, bucket));
                }
            }
        }
    }

    private sealed class Bucket(long credit, long refilledAt)
    {
        public long Credit { get; set; } = credit;
        public long RefilledAt { get; set; } = refilledAt;
    }
}
