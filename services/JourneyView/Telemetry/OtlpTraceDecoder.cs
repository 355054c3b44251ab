using System.Globalization;
using Google.Protobuf;
using TokenJourney.JourneyView.Otlp;

namespace TokenJourney.JourneyView.Telemetry;

/// <summary>Turns an OTLP <c>ExportTraceServiceRequest</c> (protobuf) into the journey view's flat span records.</summary>
public static class OtlpTraceDecoder
{
    public static IReadOnlyList<SpanRecord> Decode(ReadOnlySpan<byte> protobuf) =>
        Decode(ExportTraceServiceRequest.Parser.ParseFrom(protobuf));

    public static IReadOnlyList<SpanRecord> Decode(ExportTraceServiceRequest request)
    {
        var records = new List<SpanRecord>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = resourceSpans.Resource?.Attributes;
            var service = resource?.FirstOrDefault(a => a.Key == "service.name")?.Value is { } name ? Text(name) : "unknown";
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    records.Add(new SpanRecord
                    {
                        TraceId = Hex(span.TraceId),
                        SpanId = Hex(span.SpanId),
                        ParentSpanId = span.ParentSpanId.IsEmpty ? null : Hex(span.ParentSpanId),
                        Name = span.Name,
                        Service = service,
                        Kind = KindName(span.Kind),
                        Scope = scopeSpans.Scope?.Name ?? "",
                        Start = Time(span.StartTimeUnixNano),
                        End = Time(Math.Max(span.EndTimeUnixNano, span.StartTimeUnixNano)),
                        Status = span.Status?.Code switch
                        {
                            Status.Types.StatusCode.Error => SpanStatus.Error,
                            Status.Types.StatusCode.Ok => SpanStatus.Ok,
                            _ => SpanStatus.Unset,
                        },
                        StatusMessage = string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
                        Attributes = Attributes(span.Attributes),
                        Events = [.. span.Events.Select(e => new SpanEvent(Time(e.TimeUnixNano), e.Name, Attributes(e.Attributes)))],
                        Links = [.. span.Links.Select(l => new SpanLink(Hex(l.TraceId), Hex(l.SpanId)))],
                    });
                }
            }
        }
        return records;
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Attributes(IEnumerable<KeyValue> attributes) =>
        [.. attributes.Select(a => new KeyValuePair<string, string>(a.Key, a.Value is null ? "" : Text(a.Value)))];

    private static string Text(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => kv.Key + ": " + (kv.Value is null ? "" : Text(kv.Value)))) + "}",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        _ => "",
    };

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    private static DateTimeOffset Time(ulong unixNanos) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanos / 100));

    private static string KindName(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Server => "server",
        Span.Types.SpanKind.Client => "client",
        Span.Types.SpanKind.Producer => "producer",
        Span.Types.SpanKind.Consumer => "consumer",
        _ => "internal",
    };
}
