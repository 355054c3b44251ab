using Microsoft.IdentityModel.Tokens;
using TokenJourney.Gateway.Telemetry;

namespace TokenJourney.Gateway.Tokens;

/// <summary>
/// The IdP's signing keys, cached. An unknown <c>kid</c> refetches at most once per <c>minRefreshInterval</c>, awaited
/// (not in the background, unlike the IdentityModel ConfigurationManager), so the first token signed with a freshly
/// rotated key is accepted; a flood of forged kids costs the IdP one request per interval.
/// </summary>
public sealed class JwksKeyCache(IJwksSource source, TimeProvider time, TimeSpan minRefreshInterval, TimeSpan maxAge, GatewayMetrics? metrics = null)
{
    private sealed record Snapshot(IReadOnlyList<SecurityKey> Keys, HashSet<string> Kids, DateTimeOffset FetchedAt);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _snapshot;
    private DateTimeOffset _lastFetch = DateTimeOffset.MinValue;
    private volatile string? _lastKidInUse;
    private readonly Queue<DateTimeOffset> _recentFetches = new();

    /// <summary>How many fetches may happen within <see cref="BurstWindow"/>: two rotations in a row need two.</summary>
    private const int Burst = 3;

    private TimeSpan BurstWindow => minRefreshInterval * Burst;

    public int Fetches { get; private set; }

    /// <summary>The keys to verify a token whose header names <paramref name="kid"/>; empty when the IdP cannot be reached and nothing is cached.</summary>
    public async ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(string? kid, CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && IsFresh(snapshot) && (string.IsNullOrEmpty(kid) || snapshot.Kids.Contains(kid)))
        {
            StayOneRotationAhead(kid);
            return snapshot.Keys;
        }
        return await RefreshAsync(kid, cancellationToken);
    }

    /// <summary>
    /// The provider publishes its next key one rotation ahead. The first token signed with a kid not seen in use before
    /// means a rotation happened: fetch again in the background (throttled like any fetch) to learn the key that comes
    /// next, so that a second rotation soon after finds it cached instead of failing the first request.
    /// </summary>
    private void StayOneRotationAhead(string? kid)
    {
        if (string.IsNullOrEmpty(kid) || kid == _lastKidInUse)
        {
            return;
        }
        var first = _lastKidInUse is null;
        _lastKidInUse = kid;
        if (!first && time.GetUtcNow() - _lastFetch >= minRefreshInterval)
        {
            _ = Task.Run(() => RefreshAsync(kid: null, CancellationToken.None, force: true));
        }
    }

    /// <summary>
    /// A small burst, then one fetch per interval on average: rotations in quick succession are each picked up at once,
    /// while a flood of forged kids still costs the IdP at most <see cref="Burst"/> requests per <see cref="BurstWindow"/>.
    /// Called under the gate.
    /// </summary>
    private bool MayFetch(DateTimeOffset now)
    {
        while (_recentFetches.TryPeek(out var oldest) && now - oldest >= BurstWindow)
        {
            _recentFetches.Dequeue();
        }
        return _recentFetches.Count < Burst;
    }

    private bool IsFresh(Snapshot snapshot) => time.GetUtcNow() - snapshot.FetchedAt < maxAge;

    private async Task<IReadOnlyList<SecurityKey>> RefreshAsync(string? kid, CancellationToken cancellationToken, bool force = false)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Whoever waited behind the fetch that just finished uses its result instead of fetching again.
            var snapshot = _snapshot;
            if (!force && snapshot is not null && IsFresh(snapshot) && (string.IsNullOrEmpty(kid) || snapshot.Kids.Contains(kid)))
            {
                return snapshot.Keys;
            }
            var now = time.GetUtcNow();
            if (snapshot is not null && IsFresh(snapshot) && !MayFetch(now))
            {
                metrics?.JwksRefreshThrottled();
                return snapshot.Keys;
            }

            _lastFetch = now;
            _recentFetches.Enqueue(now);
            try
            {
                var keys = await source.FetchAsync(cancellationToken);
                Fetches++;
                metrics?.JwksRefreshed();
                var fresh = new Snapshot(keys, keys.Select(k => k.KeyId).Where(k => !string.IsNullOrEmpty(k)).ToHashSet(StringComparer.Ordinal), now);
                _snapshot = fresh;
                return fresh.Keys;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or ArgumentException)
            {
                // Keep trusting the keys we had: the IdP being briefly down must not fail tokens it signed earlier.
                return snapshot?.Keys ?? [];
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
