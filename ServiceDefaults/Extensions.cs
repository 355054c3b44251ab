using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TokenJourney.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every TokenJourney service shares: telemetry, health, service discovery and resilience.
/// Shaped like the Aspire ServiceDefaults template so each service would run unchanged under Aspire.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    /// <summary>The tag of the checks <c>/alive</c> runs: a service adds it to a check whose failure a restart cures.</summary>
    public const string LiveTag = "live";
    /// <summary>
    /// The base URL of the journey view (e.g. http://localhost:18890), a second trace exporter's target next to the
    /// Aspire dashboard: env <c>JourneyView__OtlpEndpoint</c>. Unset, there is no second exporter.
    /// </summary>
    public const string JourneyViewOtlpEndpointKey = "JourneyView:OtlpEndpoint";
    private const string OtlpTracesPath = "/v1/traces";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        // The resilience pipeline and HttpClient factory log every attempt and request at Information; traces carry
        // that story already, and the per-hop lines would drown what a user is watching for. Settings still win.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TokenJourneyTelemetry.MeterName)
                .AddMeter(TokenJourneyTelemetry.MassTransitSourceName))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TokenJourneyTelemetry.ActivitySourceName)
                .AddSource(TokenJourneyTelemetry.MassTransitSourceName)
                // Health probes every few seconds would drown the user's own traces; so would the journey view's
                // receiver, which traced would add a span for every batch every service exports.
                .AddAspNetCoreInstrumentation(o => o.Filter = context =>
                    !context.Request.Path.StartsWithSegments(HealthEndpointPath) &&
                    !context.Request.Path.StartsWithSegments(AlivenessEndpointPath) &&
                    !context.Request.Path.StartsWithSegments(OtlpTracesPath))
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request =>
                    request.RequestUri is null ||
                    (!request.RequestUri.AbsolutePath.StartsWith(HealthEndpointPath, StringComparison.Ordinal) &&
                     !request.RequestUri.AbsolutePath.EndsWith(OtlpTracesPath, StringComparison.Ordinal))));

        // Aspire's contract: export only when the orchestrator (or the user) names an endpoint.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }
        if (JourneyViewTracesEndpoint(builder.Configuration) is { } journeyView)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddProcessor(JourneyViewExporter(journeyView)));
        }

        return builder;
    }

    /// <summary><c>{JourneyView:OtlpEndpoint}/v1/traces</c>, or null when no journey view is configured.</summary>
    public static Uri? JourneyViewTracesEndpoint(IConfiguration configuration)
    {
        var baseUrl = configuration[JourneyViewOtlpEndpointKey];
        if (string.IsNullOrWhiteSpace(baseUrl))
        {
            return null;
        }
        return Uri.TryCreate(baseUrl.TrimEnd('/') + OtlpTracesPath, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"
            ? endpoint
            : throw new InvalidOperationException($"{JourneyViewOtlpEndpointKey} must be an absolute http(s) URL, not \"{baseUrl}\".");
    }

    /// <summary>
    /// Traces only, http/protobuf, batched like the main exporter (the OTEL_BSP_* environment variables apply to both). Built by hand because
    /// OpenTelemetry refuses a signal-specific AddOtlpExporter next to UseOtlpExporter on the same services.
    /// </summary>
    private static BatchActivityExportProcessor JourneyViewExporter(Uri endpoint)
    {
        var options = new OtlpExporterOptions
        {
            Endpoint = endpoint,
            Protocol = OtlpExportProtocol.HttpProtobuf,
            // OTEL_EXPORTER_OTLP_HEADERS carries the Aspire dashboard's API key: it is not the journey view's to see.
            Headers = null,
        };
        var batch = options.BatchExportProcessorOptions;
        return new BatchActivityExportProcessor(
            new OtlpTraceExporter(options), batch.MaxQueueSize, batch.ScheduledDelayMilliseconds, batch.ExporterTimeoutMilliseconds, batch.MaxExportBatchSize);
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Probes are unauthenticated and say only healthy/unhealthy per check, never connection details.
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync })
            .AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) })
            .AllowAnonymous();
        return app;
    }
}
