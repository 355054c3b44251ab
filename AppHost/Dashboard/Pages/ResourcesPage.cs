using System.Text;
using TokenJourney.AppHost.Hosting;
using TokenJourney.AppHost.Hosting.Resources;
using static TokenJourney.AppHost.Dashboard.Pages.Html;

namespace TokenJourney.AppHost.Dashboard.Pages;

/// <summary>Every resource of the topology with its state, address, health and Stop/Start; and a resource's logs.</summary>
public static class ResourcesPage
{
    public static string Render(DistributedApplication app, string? message)
    {
        var body = $"""
            {(message is null ? "" : $"<p class=\"warn Info\" role=\"status\">{E(message)}</p>")}
            <table id="resources">
            <thead><tr><th>Name</th><th>State</th><th>Health</th><th>URL</th><th>Recent log</th><th>Actions</th></tr></thead>
            <tbody id="resource-rows">{Rows(app)}</tbody>
            </table>
            <form class="filters" method="get" action="/logs" style="margin-top:12px">
              <label>Search the recent logs of every resource<input type="search" name="q" placeholder="e.g. token, 401, exception" size="40"></label>
              <button class="primary">Search logs</button>
            </form>
            <p class="muted">State refreshes every 2 s. Stop and Start are the same operations the test host uses; Start returns once the resource is healthy.</p>
            """;
        return Page("Resources", "Resources", body, Script);
    }

    public static string Rows(DistributedApplication app)
    {
        var rows = new StringBuilder();
        foreach (var resource in app.Resources)
        {
            var last = resource.Logs.Snapshot().LastOrDefault();
            var url = resource.DisplayUrl;
            var link = url is null ? "" : url.StartsWith("http", StringComparison.Ordinal) ? $"<a href=\"{E(url)}\" target=\"_blank\" rel=\"noopener\">{E(url)}</a>" : $"<span class=\"mono\">{E(url)}</span>";
            var canStop = !resource.IsExternal && resource.State is ResourceState.Running or ResourceState.Starting or ResourceState.Waiting;
            var canStart = !resource.IsExternal && resource.State is ResourceState.Stopped or ResourceState.Exited or ResourceState.FailedToStart or ResourceState.NotStarted;
            rows.Append($"""
                <tr data-resource="{E(resource.Name)}">
                <td><strong>{E(resource.Name)}</strong>{(resource.IsExternal ? " <span class=\"muted\">(external)</span>" : "")}</td>
                <td><span class="badge s-{resource.State}" data-state="{resource.State}" data-testid="state-{E(resource.Name)}">{resource.State}</span>{(resource.StateDetail is null ? "" : $"<div class=\"muted\">{E(resource.StateDetail)}</div>")}</td>
                <td><span class="badge h-{resource.Health}" data-testid="health-{E(resource.Name)}">{resource.Health}</span></td>
                <td>{link}</td>
                <td class="mono" style="max-width:380px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap" title="{E(last?.Text)}">{E(last?.Text)}</td>
                <td style="white-space:nowrap">
                  <a class="button" href="/resources/{Uri.EscapeDataString(resource.Name)}/logs">Logs</a>
                  <form class="inline" method="post" action="/resources/{Uri.EscapeDataString(resource.Name)}/stop"><button name="stop" data-testid="stop-{E(resource.Name)}" {(canStop ? "" : "disabled")}>Stop</button></form>
                  <form class="inline" method="post" action="/resources/{Uri.EscapeDataString(resource.Name)}/start"><button name="start" data-testid="start-{E(resource.Name)}" {(canStart ? "" : "disabled")}>Start</button></form>
                </td>
                </tr>
                """);
        }
        return rows.ToString();
    }

    public static string Logs(Resource resource, string? query) =>
        LogPage($"Logs: {resource.Name}", [resource], query,
            $"<a href=\"/resources\">← Resources</a> · <span class=\"badge s-{resource.State}\">{resource.State}</span> {E(resource.DisplayUrl)}");

    public static string AllLogs(IReadOnlyList<Resource> resources, string? query) =>
        LogPage("Logs: all resources", resources, query, "<a href=\"/resources\">← Resources</a>");

    private static string LogPage(string title, IReadOnlyList<Resource> resources, string? query, string heading)
    {
        var lines = resources.SelectMany(r => r.Logs.Snapshot())
            .Where(l => string.IsNullOrWhiteSpace(query) || l.Text.Contains(query, StringComparison.OrdinalIgnoreCase))
            .OrderBy(l => l.Timestamp)
            .TakeLast(500)
            .ToList();
        var many = resources.Count > 1;
        var log = new StringBuilder();
        foreach (var line in lines)
        {
            var source = many ? $"<span class=\"svc\" style=\"background:{ServiceColor(line.Resource)}\">{E(line.Resource)}</span>" : "";
            log.Append($"<div{(line.IsError ? " class=\"err\"" : "")}><span class=\"muted\">{line.Timestamp.ToLocalTime():HH:mm:ss.fff}</span> {source}{E(line.Text)}</div>");
        }
        var body = $"""
            <p>{heading}</p>
            <form class="filters" method="get">
              <label>Search the log<input type="search" name="q" value="{E(query)}" placeholder="text to find" autofocus size="40"></label>
              <button class="primary">Search</button>
              <label style="flex-direction:row;align-items:center;gap:4px"><input type="checkbox" id="live" checked> follow</label>
              <span class="muted">{lines.Count} line(s){(string.IsNullOrWhiteSpace(query) ? "" : " matching")} (at most 500 shown) · the last 2000 lines of each resource are kept</span>
            </form>
            <div class="log mono" id="log">{(lines.Count == 0 ? "<div class=\"muted\">No lines.</div>" : log.ToString())}</div>
            """;
        return Page(title, "Resources", body, FollowScript);
    }

    private const string FollowScript = """
        const log = document.getElementById('log');
        log.scrollTop = log.scrollHeight;
        setInterval(async () => {
          if (!document.getElementById('live').checked) return;
          const r = await fetch(location.href, {cache: 'no-store'});
          if (!r.ok) return;
          const next = new DOMParser().parseFromString(await r.text(), 'text/html').getElementById('log');
          const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 20;
          if (next) { log.innerHTML = next.innerHTML; if (atBottom) log.scrollTop = log.scrollHeight; }
        }, 2000);
        """;

    private const string Script = """
        setInterval(async () => {
          if (document.querySelector('button[aria-busy]')) return;
          const r = await fetch('/resources/rows', {cache: 'no-store'});
          if (r.ok) document.getElementById('resource-rows').innerHTML = await r.text();
        }, 2000);
        document.addEventListener('submit', e => {
          const b = e.target.querySelector('button');
          if (b) { b.setAttribute('aria-busy', 'true'); b.textContent = b.textContent + '…'; setTimeout(() => b.disabled = true, 0); }
        });
        """;
}
