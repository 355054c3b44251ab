using TokenJourney.AppHost.Dashboard.Otlp;

namespace TokenJourney.AppHost.Dashboard.Telemetry;

/// <summary>A structured log record written inside a trace (only those are kept: the rest is in the resource's output).</summary>
public sealed record TraceLogRecord(string TraceId, string? SpanId, string Service, DateTimeOffset Timestamp, string Severity, string Category, string Message);

/// <summary>Log records received over OTLP that belong to a trace, bounded like the span store (oldest evicted).</summary>
public sealed class LogRecordStore(int capacity)
{
    private readonly Queue<TraceLogRecord> _records = new();
    private readonly Lock _gate = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), "The log record limit must be positive.");

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _records.Count;
            }
        }
    }

    public void Add(IEnumerable<TraceLogRecord> records)
    {
        lock (_gate)
        {
            foreach (var record in records)
            {
                _records.Enqueue(record);
                while (_records.Count > Capacity)
                {
                    _records.Dequeue();
                }
            }
        }
    }

    public IReadOnlyList<TraceLogRecord> ForTrace(string traceId)
    {
        lock (_gate)
        {
            return [.. _records.Where(r => r.TraceId == traceId).OrderBy(r => r.Timestamp)];
        }
    }

    public static IReadOnlyList<TraceLogRecord> Decode(ReadOnlySpan<byte> protobuf)
    {
        var request = ExportLogsServiceRequest.Parser.ParseFrom(protobuf);
        var records = new List<TraceLogRecord>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var service = resourceLogs.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value is { } name
                ? OtlpTraceDecoder.Text(name)
                : "unknown";
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                foreach (var log in scopeLogs.LogRecords.Where(l => l.TraceId.Length == 16 && l.TraceId.Span.IndexOfAnyExcept((byte)0) >= 0))
                {
                    var time = log.TimeUnixNano != 0 ? log.TimeUnixNano : log.ObservedTimeUnixNano;
                    records.Add(new TraceLogRecord(
                        Convert.ToHexStringLower(log.TraceId.Span),
                        log.SpanId.IsEmpty ? null : Convert.ToHexStringLower(log.SpanId.Span),
                        service,
                        DateTimeOffset.UnixEpoch.AddTicks((long)(time / 100)),
                        string.IsNullOrEmpty(log.SeverityText) ? Severity(log.SeverityNumber) : log.SeverityText,
                        scopeLogs.Scope?.Name ?? "",
                        log.Body is null ? "" : OtlpTraceDecoder.Text(log.Body)));
                }
            }
        }
        return records;
    }

    private static string Severity(int number) => number switch
    {
        <= 4 => "Trace",
        <= 8 => "Debug",
        <= 12 => "Information",
        <= 16 => "Warning",
        <= 20 => "Error",
        _ => "Critical",
    };
}
