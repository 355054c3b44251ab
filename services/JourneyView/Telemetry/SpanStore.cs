namespace TokenJourney.JourneyView.Telemetry;

/// <summary>A trace as the list shows it: its spans (by start time), the root (or earliest orphan) span, and totals.</summary>
public sealed class TraceSummary
{
    public TraceSummary(string traceId, IReadOnlyList<SpanRecord> spans)
    {
        if (spans.Count == 0)
        {
            throw new ArgumentException("A trace has at least one span.", nameof(spans));
        }
        TraceId = traceId;
        Spans = spans;
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        Root = spans.FirstOrDefault(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)) ?? spans[0];
        Start = spans.Min(s => s.Start);
        End = spans.Max(s => s.End);
        HasError = spans.Any(s => s.Status == SpanStatus.Error);
        Services = [.. spans.Select(s => s.Service).Distinct().Order(StringComparer.Ordinal)];
    }

    public string TraceId { get; }
    public IReadOnlyList<SpanRecord> Spans { get; }
    public SpanRecord Root { get; }
    public DateTimeOffset Start { get; }
    public DateTimeOffset End { get; }
    public TimeSpan Duration => End - Start;
    public bool HasError { get; }
    public IReadOnlyList<string> Services { get; }
}

/// <summary>
/// The received spans, in arrival order, bounded: past <see cref="Capacity"/> the oldest spans are evicted, so
/// a long demo or a chatty service cannot grow the journey view's memory.
/// </summary>
public sealed class SpanStore(int capacity)
{
    private readonly LinkedList<SpanRecord> _spans = new();
    private readonly Lock _gate = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "The span limit must be positive.");

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _spans.Count;
            }
        }
    }

    /// <summary>How many spans were dropped to stay at the limit since start.</summary>
    public long Evicted { get; private set; }

    public void Add(IEnumerable<SpanRecord> spans)
    {
        lock (_gate)
        {
            foreach (var span in spans)
            {
                _spans.AddLast(span);
                if (_spans.Count > Capacity)
                {
                    _spans.RemoveFirst();
                    Evicted++;
                }
            }
        }
    }

    public IReadOnlyList<SpanRecord> Snapshot()
    {
        lock (_gate)
        {
            return [.. _spans];
        }
    }

    public IReadOnlyList<SpanRecord> Trace(string traceId) =>
        [.. Snapshot().Where(s => string.Equals(s.TraceId, traceId, StringComparison.OrdinalIgnoreCase)).OrderBy(s => s.Start)];

    /// <summary>Traces newest first, filtered by a service taking part, status and minimum duration.</summary>
    public IReadOnlyList<TraceSummary> Traces(TraceFilter filter)
    {
        var traces = Snapshot()
            .GroupBy(s => s.TraceId)
            .Select(g => new TraceSummary(g.Key, [.. g.OrderBy(s => s.Start)]))
            .Where(filter.Matches)
            .OrderByDescending(t => t.Start);
        return [.. traces.Take(filter.Limit)];
    }

    public IReadOnlyList<string> Services() =>
        [.. Snapshot().Select(s => s.Service).Distinct().Order(StringComparer.Ordinal)];
}

public sealed record TraceFilter(string? Service = null, string? Status = null, double? MinDurationMs = null, string? Text = null, int Limit = 200, bool IncludeProbes = true)
{
    /// <summary>A trace that is only a health probe (the orchestrator polls every resource): noise on the list.</summary>
    public static bool IsProbe(TraceSummary trace) =>
        trace.Spans.Count == 1 && trace.Root.Attribute("url.path") is var path
        && (path is "/health" or "/alive" || trace.Root.Name is "GET /health" or "GET /alive");

    public bool Matches(TraceSummary trace) =>
        (IncludeProbes || !IsProbe(trace))
        && (string.IsNullOrEmpty(Service) || trace.Spans.Any(s => s.Service == Service))
        && (Status switch
        {
            "error" => trace.HasError,
            "ok" => !trace.HasError,
            _ => true,
        })
        && (MinDurationMs is not { } min || trace.Duration.TotalMilliseconds >= min)
        && (string.IsNullOrWhiteSpace(Text) || trace.Spans.Any(s =>
            s.Name.Contains(Text, StringComparison.OrdinalIgnoreCase)
            || s.TraceId.Contains(Text, StringComparison.OrdinalIgnoreCase)
            || s.Attributes.Any(a => a.Value.Contains(Text, StringComparison.OrdinalIgnoreCase))));
}
