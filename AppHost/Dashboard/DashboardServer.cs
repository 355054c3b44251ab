using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenJourney.AppHost.Dashboard.Inspector;
using TokenJourney.AppHost.Dashboard.Pages;
using TokenJourney.AppHost.Dashboard.Telemetry;
using TokenJourney.AppHost.Hosting;
using TokenJourney.AppHost.Hosting.Resources;

namespace TokenJourney.AppHost.Dashboard;

/// <summary>
/// The dashboard AppHost serves (Aspire's role): resources with Stop/Start, an OTLP/HTTP receiver the services
/// export to, traces with the token facts per hop, and a local token inspector. Localhost only.
/// </summary>
public static class DashboardServer
{
    public static async Task<IAsyncDisposable> StartAsync(DistributedApplication app, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls($"http://localhost:{port}");
        builder.Logging.ClearProviders();
        builder.Services.AddOptions<DashboardOptions>()
            .Bind(builder.Configuration.GetSection("Dashboard"))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new SpanStore(sp.GetRequiredService<IOptions<DashboardOptions>>().Value.MaxSpans));
        builder.Services.AddSingleton(sp => new LogRecordStore(sp.GetRequiredService<IOptions<DashboardOptions>>().Value.MaxLogRecords));
        builder.Services.AddHttpClient<JwksClient>(c => c.Timeout = TimeSpan.FromSeconds(5))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false });
        var web = builder.Build();
        Map(web, app);
        await web.StartAsync(cancellationToken);
        return web;
    }

    /// <summary>Fetch metadata when the browser sends it, else the Origin header; an unreadable origin counts as foreign.</summary>
    private static bool IsCrossSite(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"] is [{ } site])
        {
            return site is not ("same-origin" or "none");
        }
        return request.Headers.Origin is [{ } origin]
            && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }

    private static void Map(WebApplication web, DistributedApplication app)
    {
        web.Use(async (context, next) =>
        {
            // Localhost pages with state-changing POSTs: refuse requests another site's page makes the browser send.
            if (HttpMethods.IsPost(context.Request.Method) && !context.Request.Path.StartsWithSegments("/v1") && IsCrossSite(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            context.Response.Headers.XContentTypeOptions = "nosniff";
            // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on the dashboard's own form posts.
            context.Response.Headers["Referrer-Policy"] = "same-origin";
            await next();
        });

        web.MapGet("/", () => Results.Redirect("/resources"));

        web.MapPost("/v1/traces", ReceiveTracesAsync);
        web.MapPost("/v1/logs", async (HttpRequest request, LogRecordStore logs, IOptions<DashboardOptions> options) =>
            await ReceiveAsync(request, options.Value.MaxRequestBytes, bytes => logs.Add(LogRecordStore.Decode(bytes))));
        // Metrics are accepted (so exporters neither retry nor complain) but not shown.
        web.MapPost("/v1/metrics", () => Results.Bytes([], "application/x-protobuf"));

        web.MapGet("/resources", (string? message) => HtmlResult(ResourcesPage.Render(app, message)));
        web.MapGet("/resources/rows", () => HtmlResult(ResourcesPage.Rows(app)));
        web.MapGet("/resources/{name}/logs", (string name, string? q) =>
            Find(app, name) is { } resource ? HtmlResult(ResourcesPage.Logs(resource, q)) : Results.NotFound());
        web.MapGet("/logs", (string? q) => HtmlResult(ResourcesPage.AllLogs(app.Resources, q)));
        web.MapPost("/resources/{name}/stop", async (string name) =>
        {
            if (Find(app, name) is null)
            {
                return Results.NotFound();
            }
            await app.StopResourceAsync(name);
            return Results.Redirect("/resources?message=" + Uri.EscapeDataString($"{name} stopped."));
        });
        web.MapPost("/resources/{name}/start", async (string name, CancellationToken cancellationToken) =>
        {
            if (Find(app, name) is null)
            {
                return Results.NotFound();
            }
            try
            {
                await app.StartResourceAsync(name, cancellationToken);
                return Results.Redirect("/resources?message=" + Uri.EscapeDataString($"{name} started and healthy."));
            }
            catch (DistributedApplicationException e)
            {
                return Results.Redirect("/resources?message=" + Uri.EscapeDataString(e.Message));
            }
        });
        web.MapGet("/api/resources", () => app.Resources.Select(r => new
        {
            r.Name,
            State = r.State.ToString(),
            r.StateDetail,
            Health = r.Health.ToString(),
            Url = r.DisplayUrl,
        }));

        web.MapGet("/traces", (SpanStore store, string? service, string? status, double? minMs, string? q, bool? probes) =>
            HtmlResult(TracesPage.Render(store, new TraceFilter(NullIfEmpty(service), NullIfEmpty(status), minMs, NullIfEmpty(q), IncludeProbes: probes ?? false))));
        web.MapGet("/traces/{traceId}", (SpanStore store, LogRecordStore logs, string traceId) =>
        {
            var linkingHere = store.Snapshot().Where(s => s.TraceId != traceId && s.Links.Any(l => l.TraceId == traceId)).ToList();
            return HtmlResult(TraceDetailPage.Render(traceId, store.Trace(traceId), linkingHere, Correlation.Related(store, traceId), logs.ForTrace(traceId)));
        });
        web.MapGet("/api/traces", (SpanStore store, string? service, string? status, double? minMs, string? q) =>
            store.Traces(new TraceFilter(NullIfEmpty(service), NullIfEmpty(status), minMs, NullIfEmpty(q))).Select(t => new
            {
                t.TraceId,
                Root = t.Root.Name,
                t.Services,
                SpanCount = t.Spans.Count,
                DurationMs = t.Duration.TotalMilliseconds,
                t.HasError,
            }));
        web.MapGet("/api/traces/{traceId}", (SpanStore store, string traceId) => store.Trace(traceId).Select(s => new
        {
            s.SpanId,
            s.ParentSpanId,
            s.Service,
            s.Name,
            s.Kind,
            Status = s.Status.ToString(),
            DurationMs = s.Duration.TotalMilliseconds,
            TokenFacts = s.TokenFacts.ToDictionary(f => f.Key, f => f.Value),
            Links = s.Links.Select(l => l.TraceId),
        }));
        web.MapGet("/api/spans/stats", (SpanStore store) => new { store.Count, store.Capacity, store.Evicted });

        web.MapGet("/inspector", () => NoStore(HtmlResult(InspectorPage.Render(Authority(app), null))));
        web.MapPost("/inspector", async (HttpRequest request, JwksClient jwks, CancellationToken ct) =>
            NoStore(HtmlResult(InspectorPage.Render(Authority(app), await InspectAsync(request, app, jwks, ct)))));
        web.MapPost("/inspector/result", async (HttpRequest request, JwksClient jwks, CancellationToken ct) =>
            NoStore(HtmlResult(await InspectAsync(request, app, jwks, ct))));
    }

    private static Task<IResult> ReceiveTracesAsync(HttpRequest request, SpanStore store, IOptions<DashboardOptions> options) =>
        ReceiveAsync(request, options.Value.MaxRequestBytes, bytes => store.Add(OtlpTraceDecoder.Decode(bytes)));

    /// <summary>Reads one OTLP/HTTP protobuf request (gzip allowed, size-limited) and hands its bytes to <paramref name="accept"/>.</summary>
    private static async Task<IResult> ReceiveAsync(HttpRequest request, int limit, ReadOnlySpanAction accept)
    {
        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }
        Stream body = request.Body;
        if (string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(request.Body, CompressionMode.Decompress);
        }
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
            accept(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        catch (InvalidProtocolBufferException)
        {
            return Results.BadRequest();
        }
        return Results.Bytes([], "application/x-protobuf");
    }

    private delegate void ReadOnlySpanAction(ReadOnlySpan<byte> bytes);

    private static async Task<string> InspectAsync(HttpRequest request, DistributedApplication app, JwksClient jwks, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var token = form["token"].ToString();
        var inspection = TokenInspector.Inspect(token, DateTimeOffset.UtcNow);
        if (!inspection.IsValid)
        {
            return InspectorPage.Result(inspection);
        }
        SignatureCheck signature;
        if (form["keySource"] == "pasted")
        {
            var key = form["key"].ToString();
            signature = string.IsNullOrWhiteSpace(key)
                ? new SignatureCheck(SignatureOutcome.NotChecked, "Paste a key to verify the signature with it.")
                : SignatureVerifier.Verify(token, key, "the pasted key");
        }
        else if (Authority(app) is { } authority)
        {
            var (keys, source, error) = await jwks.FetchAsync(authority, cancellationToken);
            signature = keys is null
                ? new SignatureCheck(SignatureOutcome.NotChecked, error ?? "The JWKS could not be read.")
                : SignatureVerifier.Verify(token, keys, source);
        }
        else
        {
            signature = new SignatureCheck(SignatureOutcome.NotChecked, "No identity provider in this topology: paste a key instead.");
        }
        return InspectorPage.Result(inspection with { Signature = signature });
    }

    private static string? Authority(DistributedApplication app) =>
        app.Resources.OfType<IdentityProviderResource>().FirstOrDefault() is { } identity ? SafeAuthority(identity) : null;

    private static string? SafeAuthority(IdentityProviderResource identity)
    {
        try
        {
            return identity.Authority;
        }
        catch (Exception e) when (e is DistributedApplicationException or InvalidOperationException)
        {
            return null;
        }
    }

    private static Resource? Find(DistributedApplication app, string name) =>
        app.Resources.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static IResult HtmlResult(string html) => Results.Content(html, "text/html; charset=utf-8");

    private static IResult NoStore(IResult inner) => new NoStoreResult(inner);

    private sealed class NoStoreResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.CacheControl = "no-store";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
