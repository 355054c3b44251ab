using System.Globalization;
using System.Text;
using TokenJourney.JourneyView.Telemetry;
using static TokenJourney.JourneyView.Pages.Html;

namespace TokenJourney.JourneyView.Pages;

/// <summary>The trace list, newest first, filterable by service, status, minimum duration and text.</summary>
public static class TracesPage
{
    public static string Render(SpanStore store, TraceFilter filter, DashboardOptions dashboard)
    {
        var traces = store.Traces(filter);
        var services = new StringBuilder("<option value=\"\">all services</option>");
        foreach (var service in store.Services())
        {
            services.Append($"<option{(service == filter.Service ? " selected" : "")}>{E(service)}</option>");
        }
        string Status(string value, string label) => $"<option value=\"{value}\"{((filter.Status ?? "") == value ? " selected" : "")}>{label}</option>";

        var rows = new StringBuilder();
        foreach (var trace in traces)
        {
            var root = trace.Root;
            var chips = string.Concat(trace.Services.Select(s => $"<span class=\"svc\" style=\"background:{ServiceColor(s)}\">{E(s)}</span>"));
            var outcomes = trace.Spans.Select(s => s.Attribute("token.outcome")).Where(o => o is not null).Distinct().ToList();
            rows.Append($"""
                <tr data-trace="{trace.TraceId}">
                <td class="mono">{trace.Start.ToLocalTime():HH:mm:ss.fff}</td>
                <td><a href="/traces/{trace.TraceId}"><strong>{E(root.Service)}</strong>: {E(root.Name)}</a><div class="muted mono">{trace.TraceId}</div></td>
                <td>{chips}</td>
                <td>{trace.Spans.Count}</td>
                <td>{Duration(trace.Duration)}</td>
                <td><span class="badge {(trace.HasError ? "st-error\">error" : "st-ok\">ok")}</span></td>
                <td>{string.Concat(outcomes.Select(o => $"<span class=\"fact{(o == "accepted" ? "" : " bad")}\">{E(o)}</span> "))}</td>
                </tr>
                """);
        }

        var body = $"""
            <form class="filters" method="get" action="/traces">
              <label>Service<select name="service">{services}</select></label>
              <label>Status<select name="status">{Status("", "any")}{Status("ok", "ok")}{Status("error", "error")}</select></label>
              <label>Min duration (ms)<input type="number" name="minMs" min="0" step="1" value="{filter.MinDurationMs?.ToString(CultureInfo.InvariantCulture)}" style="width:110px"></label>
              <label>Contains<input type="search" name="q" value="{E(filter.Text)}" placeholder="span name, trace id, attribute" size="30"></label>
              <label style="flex-direction:row;align-items:center;gap:4px"><input type="checkbox" name="probes" value="true"{(filter.IncludeProbes ? " checked" : "")}> health probes</label>
              <label style="flex-direction:row;align-items:center;gap:4px"><input type="checkbox" id="live" checked> live</label>
              <button class="primary">Filter</button>
              <a href="/traces">Clear</a>
              <span class="muted">{store.Count} of at most {store.Capacity} spans kept{(store.Evicted > 0 ? $", {store.Evicted} oldest evicted" : "")}</span>
            </form>
            <table id="traces">
            <thead><tr><th>Started</th><th>Trace</th><th>Services</th><th>Spans</th><th>Duration</th><th>Status</th><th>Token outcomes</th></tr></thead>
            <tbody id="trace-rows">{(rows.Length == 0 ? "<tr><td colspan=\"7\" class=\"muted\">No traces yet. Services export to this journey view over OTLP/HTTP when JourneyView:OtlpEndpoint is set; use the storefront to make some.</td></tr>" : rows.ToString())}</tbody>
            </table>
            """;
        return Page("Traces", "Traces", body, dashboard, LiveScript);
    }

    private const string LiveScript = """
        setInterval(async () => {
          if (!document.getElementById('live').checked) return;
          const r = await fetch(location.href, {cache: 'no-store'});
          if (!r.ok) return;
          const next = new DOMParser().parseFromString(await r.text(), 'text/html').getElementById('trace-rows');
          if (next) document.getElementById('trace-rows').innerHTML = next.innerHTML;
        }, 3000);
        """;
}
