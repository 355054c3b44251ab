using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TokenJourney.AppHost.Dashboard.Otlp;
using Status = TokenJourney.AppHost.Dashboard.Otlp.Status;
using TokenJourney.AppHost.Dashboard.Telemetry;
using TokenJourney.AppHost.Hosting;

namespace TokenJourney.Dashboard.UnitTests;

public sealed class OtlpDecodingTests
{
    [Fact]
    public void A_hand_built_export_request_decodes_to_spans_with_service_ids_times_attributes_events_and_links()
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

        var decoded = Assert.Single(OtlpTraceDecoder.Decode(request.ToByteArray()));

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
    public async Task Spans_exported_by_the_real_OpenTelemetry_OTLP_exporter_show_up_in_the_dashboard()
    {
        var builder = DistributedApplication.CreateBuilder(["--ephemeral", "--free-ports"]);
        builder.Options.WriteLogsToConsole = false;
        await using var app = builder.Build();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var dashboard = app.DashboardUrl!;

        using var source = new ActivitySource("DashboardTests");
        using var logging = LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("orders"));
            o.AddOtlpExporter((e, processor) =>
            {
                e.Endpoint = new Uri(dashboard, "/v1/logs");
                e.Protocol = OtlpExportProtocol.HttpProtobuf;
                processor.ExportProcessorType = ExportProcessorType.Simple;
            });
        }));
        var logger = logging.CreateLogger("Orders.Tokens");
        using (var tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource("DashboardTests")
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("orders"))
            .AddOtlpExporter(o =>
            {
                o.Endpoint = new Uri(dashboard, "/v1/traces");
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
                logger.LogWarning("Token for {Audience} expires in {Seconds} s", "orders", 3);
            }
            parent.Stop();
            tracer.ForceFlush();
        }

        using var http = new HttpClient { BaseAddress = dashboard };
        var traces = await http.GetFromJsonAsync<JsonElement>("/api/traces?service=orders", TestContext.Current.CancellationToken);
        var trace = Assert.Single(traces.EnumerateArray());
        Assert.Equal(2, trace.GetProperty("spanCount").GetInt32());
        Assert.Equal("POST /api/orders", trace.GetProperty("root").GetString());

        var page = await http.GetStringAsync($"/traces/{trace.GetProperty("traceId").GetString()}", TestContext.Current.CancellationToken);
        Assert.Contains("audience: orders", page);
        Assert.Contains("exchange token", page);
        Assert.Contains("Token for orders expires in 3 s", page);
    }
}
