namespace TokenJourney.Orders.Outbox;

/// <summary>
/// What <see cref="OutboxWatchdog"/> and Orders' liveness check know of the outbox: since when messages have waited
/// without a confirm, and since when the broker has answered throughout that wait. Told by
/// <see cref="OutboxPublisher"/> (its loop is what can hang, so nothing here waits for it) and by the watchdog's probe.
/// </summary>
public sealed class OutboxProgress(TimeProvider time)
{
    private readonly Lock _lock = new();

    /// <summary>When messages began waiting, or the last confirm while they wait; null when none wait.</summary>
    private DateTimeOffset? _unconfirmedSince;

    /// <summary>Since when every probe found the broker answering, in the current wait; null when not probed or not answering.</summary>
    private DateTimeOffset? _brokerAnsweringSince;

    /// <summary>The publisher found messages to publish.</summary>
    public void Waiting()
    {
        lock (_lock)
        {
            _unconfirmedSince ??= time.GetUtcNow();
        }
    }

    /// <summary>The broker confirmed a message: publishing works. Any messages still waiting start a new wait now.</summary>
    public void Confirmed()
    {
        lock (_lock)
        {
            _unconfirmedSince = time.GetUtcNow();
            _brokerAnsweringSince = null;
        }
    }

    /// <summary>The publisher found nothing to publish.</summary>
    public void Idle()
    {
        lock (_lock)
        {
            _unconfirmedSince = null;
            _brokerAnsweringSince = null;
        }
    }

    /// <summary>What a probe of the broker (not of Orders' client) found.</summary>
    public void BrokerProbed(bool answered)
    {
        lock (_lock)
        {
            _brokerAnsweringSince = answered && _unconfirmedSince is not null ? _brokerAnsweringSince ?? time.GetUtcNow() : null;
        }
    }

    /// <summary>How long messages have waited without a confirm; null when none wait.</summary>
    public TimeSpan? UnconfirmedFor
    {
        get
        {
            lock (_lock)
            {
                return time.GetUtcNow() - _unconfirmedSince;
            }
        }
    }

    /// <summary>
    /// How long messages have waited without a confirm while the broker answered every probe: zero unless both hold. A
    /// broker outage is not a stall (a new process could not publish either); a client that stays unable to publish
    /// to a broker that answers is.
    /// </summary>
    public TimeSpan StalledFor
    {
        get
        {
            lock (_lock)
            {
                if (_unconfirmedSince is not { } unconfirmed || _brokerAnsweringSince is not { } answering)
                {
                    return TimeSpan.Zero;
                }
                return time.GetUtcNow() - (unconfirmed > answering ? unconfirmed : answering);
            }
        }
    }
}
