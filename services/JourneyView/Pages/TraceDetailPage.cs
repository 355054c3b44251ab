using System.Globalization;
using System.Text;
using TokenJourney.JourneyView.Telemetry;
using static TokenJourney.JourneyView.Pages.Html;

namespace TokenJourney.JourneyView.Pages;

/// <summary>
/// One trace as a waterfall: each span as a bar on the trace's time axis, indented under its parent, with the
/// token facts its service recorded shown on the row so the token's journey reads at a glance.
/// </summary>
public static class TraceDetailPage
{
    /// <summary>Token facts shown on the waterfall row itself (the rest are in the span's details).</summary>
    private static readonly string[] RowFacts = ["token.strategy", "token.audience", "token.scope", "token.seconds_left", "token.outcome", "token.reason"];

    public static string Render(string traceId, IReadOnlyList<SpanRecord> spans, IReadOnlyList<SpanRecord> linkingHere, IReadOnlyList<TraceSummary> related, DashboardOptions dashboard)
    {
        if (spans.Count == 0)
        {
            return Page("Trace not found", "Traces", $"<p>No spans of trace <code>{E(traceId)}</code> are in the store (not received yet, or evicted). <a href=\"/traces\">All traces</a>{AspireLink(traceId, dashboard)}</p>"
                + "<script>setTimeout(() => location.reload(), 3000)</script>", dashboard);
        }
        var start = spans.Min(s => s.Start);
        var end = spans.Max(s => s.End);
        var total = Math.Max((end - start).TotalMilliseconds, 0.001);

        var rows = new StringBuilder();
        foreach (var (span, depth) in Ordered(spans))
        {
            var left = (span.Start - start).TotalMilliseconds / total * 100;
            var width = Math.Max(span.Duration.TotalMilliseconds / total * 100, 0.3);
            var color = span.Status == SpanStatus.Error ? "#d14343" : ServiceColor(span.Service);
            var facts = new StringBuilder();
            foreach (var key in RowFacts)
            {
                if (span.Attribute(key) is { } value)
                {
                    var bad = key is "token.outcome" or "token.reason" && value != "accepted";
                    facts.Append($"<span class=\"fact{(bad ? " bad" : "")}\" title=\"{key}\">{E(key[6..])}: {E(value)}</span>");
                }
            }
            rows.Append($"""
                <div class="wf-row" data-span="{span.SpanId}" data-service="{E(span.Service)}" onclick="this.nextElementSibling.classList.toggle('open')">
                  <div class="wf-name" style="padding-left:{8 + depth * 14}px" title="{E(span.Service)}: {E(span.Name)}"><span class="svc" style="background:{ServiceColor(span.Service)}">{E(span.Service)}</span>{E(span.Name)} <span class="muted">{span.Kind}</span></div>
                  <div class="wf-track"><div class="wf-bar" style="left:{left.ToString("0.###", CultureInfo.InvariantCulture)}%;width:{width.ToString("0.###", CultureInfo.InvariantCulture)}%;background:{color}"></div></div>
                  <div class="wf-dur">{Duration(span.Duration)}</div>
                </div>
                {(facts.Length == 0 ? "" : $"<div class=\"token-facts\" style=\"padding:2px 8px 4px {16 + depth * 14}px;background:#fff;border-bottom:1px solid #eceff3\"><span class=\"token-label\">token</span><span class=\"facts\">{facts}</span></div>")}
                <div class="wf-detail">{Details(span)}</div>
                """);
        }

        var services = spans.Select(s => s.Service).Distinct().ToList();
        var links = spans.SelectMany(s => s.Links).Where(l => l.TraceId != traceId).Select(l => l.TraceId).Distinct().ToList();
        var linked = new StringBuilder();
        foreach (var other in links)
        {
            linked.Append($"<li>This trace continues work from <a href=\"/traces/{E(other)}\">trace {E(other)}</a></li>");
        }
        foreach (var other in linkingHere.Select(s => s.TraceId).Distinct())
        {
            linked.Append($"<li><a href=\"/traces/{E(other)}\">Trace {E(other)}</a> continues this one</li>");
        }

        var listed = links.Concat(linkingHere.Select(s => s.TraceId)).ToHashSet();
        foreach (var other in related.Where(r => !listed.Contains(r.TraceId)))
        {
            linked.Append($"<li><a href=\"/traces/{E(other.TraceId)}\">Trace {E(other.TraceId)}</a>: {E(other.Root.Service)} {E(other.Root.Name)} at {other.Start.ToLocalTime():HH:mm:ss} <span class=\"muted\">(same {E(string.Join(", ", Correlation.SharedKeys(spans, other.Spans)))})</span></li>");
        }

        var body = $"""
            <p><a href="/traces">← Traces</a> · <span class="mono">{E(traceId)}</span> · {spans.Count} spans · {Duration(end - start)} · started {start.ToLocalTime():HH:mm:ss.fff}
              · {string.Concat(services.Select(s => $"<span class=\"svc\" style=\"background:{ServiceColor(s)}\">{E(s)}</span>"))}{AspireLink(traceId, dashboard)}</p>
            {(linked.Length == 0 ? "" : $"<h2>Linked traces</h2><ul id=\"linked\">{linked}</ul>")}
            {Journey(spans)}
            <h2>Waterfall</h2>
            <p class="muted">Click a span for its attributes and events. Rows marked TOKEN are the token facts that hop recorded (never the token itself).</p>
            <div id="waterfall" style="border:1px solid #dde1e8">{rows}</div>
            """;
        return Page("Trace", "Traces", body, dashboard);
    }

    /// <summary>The same trace in the Aspire dashboard (its logs and metrics are there), when its URL is configured.</summary>
    private static string AspireLink(string traceId, DashboardOptions dashboard) =>
        dashboard.TraceUrl(traceId) is { } url
            ? $" · <a href=\"{E(url)}\" target=\"_blank\" rel=\"noopener\" id=\"aspire-trace\">Open in the Aspire dashboard ↗</a>"
            : "";

    /// <summary>The hops that recorded token facts, in time order: the token's journey in one table.</summary>
    private static string Journey(IReadOnlyList<SpanRecord> spans)
    {
        var hops = spans.Where(s => s.TokenFacts.Count > 0).OrderBy(s => s.Start).ToList();
        if (hops.Count == 0)
        {
            return "";
        }
        var rows = new StringBuilder();
        foreach (var hop in hops)
        {
            var outcome = hop.Attribute("token.outcome");
            rows.Append($"""
                <tr data-hop="{E(hop.Service)}">
                <td><span class="svc" style="background:{ServiceColor(hop.Service)}">{E(hop.Service)}</span>{E(hop.Name)}</td>
                <td>{E(hop.Attribute("token.strategy"))}</td><td>{E(hop.Attribute("token.audience"))}</td><td>{E(hop.Attribute("token.scope"))}</td>
                <td>{E(hop.Attribute("token.seconds_left"))}</td>
                <td>{(outcome is null ? "" : $"<span class=\"fact{(outcome == "accepted" ? "" : " bad")}\">{E(outcome)}</span>")} {E(hop.Attribute("token.reason"))}</td>
                <td class="mono">{E(hop.Attribute("token.client_id"))}</td>
                </tr>
                """);
        }
        return $"""
            <h2>Token journey</h2>
            <table id="journey"><thead><tr><th>Hop</th><th>Strategy</th><th>Audience</th><th>Scope</th><th>Seconds left</th><th>Outcome</th><th>Client</th></tr></thead>
            <tbody>{rows}</tbody></table>
            """;
    }

    private static string Details(SpanRecord span)
    {
        var attributes = new StringBuilder();
        foreach (var (key, value) in span.Attributes.OrderBy(a => a.Key.StartsWith("token.", StringComparison.Ordinal) ? 0 : 1).ThenBy(a => a.Key, StringComparer.Ordinal))
        {
            attributes.Append($"<dt>{E(key)}</dt><dd class=\"mono\">{E(value)}</dd>");
        }
        var events = new StringBuilder();
        foreach (var e in span.Events)
        {
            events.Append($"<li><span class=\"mono\">+{Duration(e.Timestamp - span.Start)}</span> <strong>{E(e.Name)}</strong> {string.Join(", ", e.Attributes.Select(a => $"{E(a.Key)}={E(a.Value)}"))}</li>");
        }
        return $"""
            <dl class="kv">
              <dt>service</dt><dd>{E(span.Service)}</dd>
              <dt>span</dt><dd class="mono">{span.SpanId}{(span.ParentSpanId is null ? "" : " (parent " + span.ParentSpanId + ")")}</dd>
              <dt>source</dt><dd>{E(span.Scope)}</dd>
              <dt>status</dt><dd>{span.Status}{(span.StatusMessage is null ? "" : ": " + E(span.StatusMessage))}</dd>
              {attributes}
            </dl>
            {(events.Length == 0 ? "" : $"<h2>Events</h2><ul>{events}</ul>")}
            """;
    }

    /// <summary>Depth-first from the roots, children by start time: the order a waterfall reads in.</summary>
    private static IEnumerable<(SpanRecord Span, int Depth)> Ordered(IReadOnlyList<SpanRecord> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        var children = spans.Where(s => s.ParentSpanId is not null && ids.Contains(s.ParentSpanId))
            .GroupBy(s => s.ParentSpanId!)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.Start).ToList());
        var roots = spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).OrderBy(s => s.Start);
        var seen = new HashSet<string>();
        IEnumerable<(SpanRecord, int)> Walk(SpanRecord span, int depth)
        {
            if (!seen.Add(span.SpanId))
            {
                yield break;
            }
            yield return (span, depth);
            if (children.TryGetValue(span.SpanId, out var list))
            {
                foreach (var child in list)
                {
                    foreach (var item in Walk(child, Math.Min(depth + 1, 12)))
                    {
                        yield return item;
                    }
                }
            }
        }
        return roots.SelectMany(r => Walk(r, 0));
    }
}
