using Microsoft.Extensions.Options;
using TokenJourney.JourneyView;
using TokenJourney.JourneyView.Inspector;
using TokenJourney.JourneyView.Telemetry;

// What the Aspire dashboard does not show: the token's journey per trace (the token.* facts each hop recorded) and
// a local token inspector. It receives traces only, from the second OTLP exporter ServiceDefaults adds to each
// service; the Aspire dashboard still receives everything.
var builder = WebApplication.CreateBuilder(args);
// This app is where that second exporter points: exporting its own spans there would feed it its own traffic.
builder.Configuration[Extensions.JourneyViewOtlpEndpointKey] = null;
builder.AddServiceDefaults();

builder.Services.AddOptions<JourneyViewOptions>().BindConfiguration(JourneyViewOptions.SectionName)
    .ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName)
    .ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<InspectorIdentityOptions>().BindConfiguration(InspectorIdentityOptions.SectionName)
    .ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton(sp => new SpanStore(sp.GetRequiredService<IOptions<JourneyViewOptions>>().Value.MaxSpans));
builder.Services.AddHttpClient<JwksClient>(http => http.Timeout = TimeSpan.FromSeconds(5));

var app = builder.Build();
app.UseBrowserRequestGuard();
app.MapDefaultEndpoints();
app.MapGet("/", () => Results.Redirect("/traces"));
app.MapTraces();
app.MapInspector();
app.Run();
