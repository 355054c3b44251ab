using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TokenJourney.JourneyView.Otlp;
using TokenJourney.JourneyView.Telemetry;
using Status = TokenJourney.JourneyView.Otlp.Status;

namespace TokenJourney.JourneyView.UnitTests;

/// <summary>The OTLP/HTTP receiver: what the real exporter sends, gzip, what it refuses, and ServiceDefaults' second exporter.</summary>
public sealed class OtlpDecodingTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public void A_hand_built_export_request_decodes_to_spans_with_service_ids_times_attributes_events_and_links()
    {
        var decoded = Assert.Single(OtlpTraceDecoder.Decode(OneSpanRequest().ToByteArray()));

        Assert.Equal("gateway", decoded.Service);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", decoded.TraceId);
        Assert.Equal("b7ad6b7169203331", decoded.SpanId);
        Assert.Equal("00f067aa0ba902b7", decoded.ParentSpanId);
        Assert.Equal("server", decoded.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(250), decoded.Duration);
        Assert.Equal(SpanStatus.Error, decoded.Status);
        Assert.Equal("boom", decoded.StatusMessage);
        Assert.Equal([new("token.strategy", "phantom"), new("token.seconds_left", "42")], decoded.TokenFacts);
        Assert.Equal("token exchanged", Assert.Single(decoded.Events).Name);
        Assert.Equal(new string('0', 32), Assert.Single(decoded.Links).TraceId);
    }

    [Fact]
    public async Task Spans_exported_by_the_real_OpenTelemetry_OTLP_exporter_show_up_with_their_token_facts()
    {
        await using var app = new JourneyViewApp();
        using var http = new HttpClient { BaseAddress = app.StartOnKestrel() };
        using var source = new ActivitySource("JourneyViewTests");
        using (var tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource("JourneyViewTests")
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("orders"))
            .AddOtlpExporter(o =>
            {
                o.Endpoint = new Uri(http.BaseAddress!, "/v1/traces");
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build())
        {
            using var parent = source.StartActivity("POST /api/orders", ActivityKind.Server)!;
            parent.SetTag("token.audience", "orders");
            parent.SetTag("token.outcome", "accepted");
            using (var child = source.StartActivity("exchange token", ActivityKind.Client)!)
            {
                child.AddEvent(new ActivityEvent("exchanged"));
            }
            parent.Stop();
            tracer.ForceFlush();
        }

        var traces = await http.GetFromJsonAsync<JsonElement>("/api/traces?service=orders", Cancellation);
        var trace = Assert.Single(traces.EnumerateArray());
        Assert.Equal(2, trace.GetProperty("spanCount").GetInt32());
        Assert.Equal("POST /api/orders", trace.GetProperty("root").GetString());

        var traceId = trace.GetProperty("traceId").GetString();
        var page = await http.GetStringAsync($"/traces/{traceId}", Cancellation);
        Assert.Contains("<tr data-hop=\"orders\">", page);
        Assert.Contains("audience: orders", page);
        Assert.Contains("exchange token", page);
        var spans = await http.GetFromJsonAsync<JsonElement>($"/api/traces/{traceId}", Cancellation);
        Assert.Contains(spans.EnumerateArray(), s => s.GetProperty("tokenFacts").TryGetProperty("token.outcome", out var o) && o.GetString() == "accepted");
    }

    [Fact]
    public async Task A_gzipped_export_is_accepted()
    {
        await using var app = new JourneyViewApp();
        using var http = app.Client();
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            OneSpanRequest().WriteTo(gzip);
        }
        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await http.PostAsync("/v1/traces", content, Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stats = await http.GetFromJsonAsync<JsonElement>("/api/spans/stats", Cancellation);
        Assert.Equal(1, stats.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Json_oversized_and_undecodable_exports_are_refused_and_nothing_is_kept()
    {
        await using var app = new JourneyViewApp { Settings = { ["JourneyView:MaxRequestBytes"] = "1024" } };
        using var http = app.Client();

        using var json = await http.PostAsync("/v1/traces", new StringContent("{}", null, "application/json"), Cancellation);
        using var oversized = await http.PostAsync("/v1/traces", Protobuf(new byte[4096]), Cancellation);
        using var garbage = await http.PostAsync("/v1/traces", Protobuf([0xff, 0xff, 0xff]), Cancellation);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        var stats = await http.GetFromJsonAsync<JsonElement>("/api/spans/stats", Cancellation);
        Assert.Equal(0, stats.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task ServiceDefaults_export_a_services_traces_to_the_journey_view_when_its_endpoint_is_configured()
    {
        await using var journeyView = new JourneyViewApp();
        var address = journeyView.StartOnKestrel();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "exporting-service" });
        builder.Configuration[Extensions.JourneyViewOtlpEndpointKey] = address.ToString();
        builder.AddServiceDefaults();
        await using (var service = builder.Build())
        {
            await service.StartAsync(Cancellation);
            using var source = new ActivitySource("exporting-service");
            using (var span = source.StartActivity("hop", ActivityKind.Server)!)
            {
                span.SetTag("token.outcome", "accepted");
            }
            // Stopping flushes the batch.
            await service.StopAsync(Cancellation);
        }

        using var http = new HttpClient { BaseAddress = address };
        var traces = await http.GetFromJsonAsync<JsonElement>("/api/traces?q=hop", Cancellation);
        Assert.Equal("hop", Assert.Single(traces.EnumerateArray()).GetProperty("root").GetString());
    }

    [Fact]
    public void A_journey_view_endpoint_that_is_not_an_http_url_is_refused()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration[Extensions.JourneyViewOtlpEndpointKey] = "localhost:18890";

        Assert.Throws<InvalidOperationException>(() => builder.AddServiceDefaults());
    }

    private static ByteArrayContent Protobuf(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }

    /// <summary>One gateway span with token facts, an event and a link, as an exporter would send it.</summary>
    private static ExportTraceServiceRequest OneSpanRequest()
    {
        var request = new ExportTraceServiceRequest();
        var resourceSpans = new ResourceSpans { Resource = new() };
        resourceSpans.Resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "gateway" } });
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "TokenJourney" } };
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString("0af7651916cd43dd8448eb211c80319c")),
            SpanId = ByteString.CopyFrom(Convert.FromHexString("b7ad6b7169203331")),
            ParentSpanId = ByteString.CopyFrom(Convert.FromHexString("00f067aa0ba902b7")),
            Name = "POST /api/orders",
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = 1_700_000_000_000_000_000,
            EndTimeUnixNano = 1_700_000_000_250_000_000,
            Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" },
        };
        span.Attributes.Add(new KeyValue { Key = "token.strategy", Value = new AnyValue { StringValue = "phantom" } });
        span.Attributes.Add(new KeyValue { Key = "token.seconds_left", Value = new AnyValue { IntValue = 42 } });
        span.Attributes.Add(new KeyValue { Key = "http.response.status_code", Value = new AnyValue { IntValue = 202 } });
        span.Events.Add(new Span.Types.Event { Name = "token exchanged", TimeUnixNano = 1_700_000_000_100_000_000 });
        span.Links.Add(new Span.Types.Link { TraceId = ByteString.CopyFrom(new byte[16]), SpanId = ByteString.CopyFrom(new byte[8]) });
        scope.Spans.Add(span);
        resourceSpans.ScopeSpans.Add(scope);
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }
}
