using System.Diagnostics.Metrics;
using TokenJourney.ServiceDefaults;

namespace TokenJourney.Gateway.Telemetry;

/// <summary>
/// Metrics for every token decision on the "TokenJourney" meter, plus plain totals served by the admin stats endpoint
/// (tests and operators read "how many IdP resolutions" without a metrics backend).
/// </summary>
public sealed class GatewayMetrics
{
    private readonly Counter<long> _decisions = TokenJourneyTelemetry.Meter.CreateCounter<long>(
        "gateway.token.decisions", "{decision}", "Token decisions at the edge by outcome, reason, strategy and cache layer.");
    private readonly Counter<long> _idpResolutions = TokenJourneyTelemetry.Meter.CreateCounter<long>(
        "gateway.phantom.idp_resolutions", "{exchange}", "Opaque tokens resolved at the IdP by token exchange.");
    private readonly Histogram<double> _resolution = TokenJourneyTelemetry.Meter.CreateHistogram<double>(
        "gateway.token.resolution.duration", "ms", "Time to verify or resolve a token not found in the in-process memo.");
    private readonly Counter<long> _jwks = TokenJourneyTelemetry.Meter.CreateCounter<long>(
        "gateway.jwks.refreshes", "{refresh}", "JWKS fetches, and refreshes refused by the once-per-interval throttle.");
    private readonly Counter<long> _sharedStoreFailures = TokenJourneyTelemetry.Meter.CreateCounter<long>(
        "gateway.redis.failures", "{failure}", "Redis operations that failed; the edge then applies its documented fallback.");

    private long _idpResolutionTotal;
    private long _memoHitTotal;
    private long _sharedCacheHitTotal;
    private long _rejectedTotal;

    public void Decision(string outcome, string reason, string strategy, string cache)
    {
        _decisions.Add(1,
            new KeyValuePair<string, object?>("token.outcome", outcome),
            new KeyValuePair<string, object?>("token.reason", reason),
            new KeyValuePair<string, object?>("token.strategy", strategy),
            new KeyValuePair<string, object?>("cache", cache));
        if (cache == "memo") Interlocked.Increment(ref _memoHitTotal);
        if (cache == "redis") Interlocked.Increment(ref _sharedCacheHitTotal);
        if (outcome != "accepted") Interlocked.Increment(ref _rejectedTotal);
    }

    public void IdpResolution(string result)
    {
        Interlocked.Increment(ref _idpResolutionTotal);
        _idpResolutions.Add(1, new KeyValuePair<string, object?>("result", result));
    }

    public void Resolution(double milliseconds, string strategy, string outcome) =>
        _resolution.Record(milliseconds,
            new KeyValuePair<string, object?>("token.strategy", strategy),
            new KeyValuePair<string, object?>("token.outcome", outcome));

    public void JwksRefreshed() => _jwks.Add(1, new KeyValuePair<string, object?>("result", "fetched"));

    public void JwksRefreshThrottled() => _jwks.Add(1, new KeyValuePair<string, object?>("result", "throttled"));

    public void SharedStoreFailure(string operation) => _sharedStoreFailures.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public GatewayStats Snapshot() => new(
        Interlocked.Read(ref _idpResolutionTotal),
        Interlocked.Read(ref _memoHitTotal),
        Interlocked.Read(ref _sharedCacheHitTotal),
        Interlocked.Read(ref _rejectedTotal));
}
