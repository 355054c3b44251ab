namespace TokenJourney.JourneyView.Telemetry;

public enum SpanStatus
{
    Unset,
    Ok,
    Error,
}

public sealed record SpanEvent(DateTimeOffset Timestamp, string Name, IReadOnlyList<KeyValuePair<string, string>> Attributes);

public sealed record SpanLink(string TraceId, string SpanId);

/// <summary>One received span, flattened to what the pages show (ids as lowercase hex, values as text).</summary>
public sealed record SpanRecord
{
    public required string TraceId { get; init; }
    public required string SpanId { get; init; }
    public string? ParentSpanId { get; init; }
    public required string Name { get; init; }
    public required string Service { get; init; }
    public string Kind { get; init; } = "internal";
    public string Scope { get; init; } = "";
    public required DateTimeOffset Start { get; init; }
    public required DateTimeOffset End { get; init; }
    public SpanStatus Status { get; init; }
    public string? StatusMessage { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Attributes { get; init; } = [];
    public IReadOnlyList<SpanEvent> Events { get; init; } = [];
    public IReadOnlyList<SpanLink> Links { get; init; } = [];

    public TimeSpan Duration => End - Start;

    public string? Attribute(string key) => Attributes.FirstOrDefault(a => a.Key == key).Value;

    /// <summary>The <c>token.*</c> facts a service recorded at this hop (never a token, only what it saw).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> TokenFacts =>
        [.. Attributes.Where(a => a.Key.StartsWith("token.", StringComparison.Ordinal))];
}
