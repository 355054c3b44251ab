namespace TokenJourney.JourneyView.Telemetry;

/// <summary>
/// Finds traces that belong to the same business operation without a span link between them, e.g. the order a
/// storefront placed and the resume call made after a refresh: they share an order id or a message conversation id.
/// </summary>
public static class Correlation
{
    public static bool IsCorrelationKey(string key) =>
        key.EndsWith("order_id", StringComparison.OrdinalIgnoreCase)
        || key.EndsWith("order.id", StringComparison.OrdinalIgnoreCase)
        || key.EndsWith("conversation_id", StringComparison.OrdinalIgnoreCase)
        || key.EndsWith("correlation_id", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<KeyValuePair<string, string>> Values(IEnumerable<SpanRecord> spans) =>
        [.. spans.SelectMany(s => s.Attributes).Where(a => IsCorrelationKey(a.Key) && a.Value.Length > 0).Distinct()];

    public static IReadOnlyList<string> SharedKeys(IEnumerable<SpanRecord> one, IEnumerable<SpanRecord> other)
    {
        var values = Values(other).Select(v => v.Value).ToHashSet();
        return [.. Values(one).Where(v => values.Contains(v.Value)).Select(v => v.Key).Distinct()];
    }

    /// <summary>Other traces in the store sharing a correlation value with <paramref name="traceId"/>, oldest first.</summary>
    public static IReadOnlyList<TraceSummary> Related(SpanStore store, string traceId)
    {
        var all = store.Snapshot();
        var mine = Values(all.Where(s => s.TraceId == traceId)).Select(v => v.Value).ToHashSet();
        if (mine.Count == 0)
        {
            return [];
        }
        return [.. all.Where(s => s.TraceId != traceId)
            .GroupBy(s => s.TraceId)
            .Where(g => Values(g).Any(v => mine.Contains(v.Value)))
            .Select(g => new TraceSummary(g.Key, [.. g.OrderBy(s => s.Start)]))
            .OrderBy(t => t.Start)];
    }
}
