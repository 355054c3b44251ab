using System.IO.Compression;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using TokenJourney.JourneyView.Pages;

namespace TokenJourney.JourneyView.Telemetry;

/// <summary>The OTLP/HTTP trace receiver, the trace list and trace pages, and their JSON for tests and scripts.</summary>
public static class TraceEndpoints
{
    public static IEndpointRouteBuilder MapTraces(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/traces", ReceiveAsync);

        app.MapGet("/traces", (SpanStore store, IOptions<DashboardOptions> dashboard, string? service, string? status, double? minMs, string? q, bool? probes) =>
            Html.Result(TracesPage.Render(store, new TraceFilter(NullIfEmpty(service), NullIfEmpty(status), minMs, NullIfEmpty(q), IncludeProbes: probes ?? false), dashboard.Value)));
        app.MapGet("/traces/{traceId}", (SpanStore store, IOptions<DashboardOptions> dashboard, string traceId) =>
        {
            var linkingHere = store.Snapshot().Where(s => s.TraceId != traceId && s.Links.Any(l => l.TraceId == traceId)).ToList();
            return Html.Result(TraceDetailPage.Render(traceId, store.Trace(traceId), linkingHere, Correlation.Related(store, traceId), dashboard.Value));
        });

        app.MapGet("/api/traces", (SpanStore store, string? service, string? status, double? minMs, string? q) =>
            store.Traces(new TraceFilter(NullIfEmpty(service), NullIfEmpty(status), minMs, NullIfEmpty(q))).Select(t => new
            {
                t.TraceId,
                Root = t.Root.Name,
                t.Services,
                SpanCount = t.Spans.Count,
                DurationMs = t.Duration.TotalMilliseconds,
                t.HasError,
            }));
        app.MapGet("/api/traces/{traceId}", (SpanStore store, string traceId) => store.Trace(traceId).Select(s => new
        {
            s.SpanId,
            s.ParentSpanId,
            s.Service,
            s.Name,
            s.Kind,
            Status = s.Status.ToString(),
            DurationMs = s.Duration.TotalMilliseconds,
            TokenFacts = s.TokenFacts.ToDictionary(f => f.Key, f => f.Value),
            // Every attribute and event as received, so what a service put on a span can be checked, not only its token facts.
            Attributes = s.Attributes.Select(a => new { a.Key, a.Value }),
            Events = s.Events.Select(e => new { e.Name, Attributes = e.Attributes.Select(a => new { a.Key, a.Value }) }),
            Links = s.Links.Select(l => l.TraceId),
        }));
        app.MapGet("/api/spans/stats", (SpanStore store) => new { store.Count, store.Capacity, store.Evicted });
        return app;
    }

    /// <summary>One OTLP/HTTP protobuf export (gzip allowed, size-limited after decompression) into the span store.</summary>
    private static async Task<IResult> ReceiveAsync(HttpRequest request, SpanStore store, IOptions<JourneyViewOptions> options)
    {
        if ((request.ContentType ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }
        var limit = options.Value.MaxRequestBytes;
        await using var body = string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(request.Body, CompressionMode.Decompress)
            : request.Body;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }
        }
        try
        {
            store.Add(OtlpTraceDecoder.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        }
        catch (InvalidProtocolBufferException)
        {
            return Results.BadRequest();
        }
        return Results.Bytes([], "application/x-protobuf");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
