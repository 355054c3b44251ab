using System.Net;
using System.Text;

namespace TokenJourney.JourneyView.Pages;

/// <summary>The shared page frame: navigation, one stylesheet, encoding helpers. Plain HTML, readable at 1280x800.</summary>
public static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static IResult Result(string html) => Results.Content(html, "text/html; charset=utf-8");

    public static string Page(string title, string active, string body, DashboardOptions dashboard, string? script = null)
    {
        var nav = new StringBuilder();
        foreach (var (href, label) in new[] { ("/traces", "Traces"), ("/inspector", "Token inspector") })
        {
            nav.Append($"<a href=\"{href}\"{(label == active ? " class=\"active\" aria-current=\"page\"" : "")}>{label}</a>");
        }
        if (!string.IsNullOrWhiteSpace(dashboard.Url))
        {
            nav.Append($"<a href=\"{E(dashboard.Url)}\" target=\"_blank\" rel=\"noopener\" data-testid=\"dashboard-link\">Aspire dashboard ↗</a>");
        }
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{E(title)}} · TokenJourney journey view</title>
            <style>{{Css}}</style>
            </head>
            <body>
            <header><span class="brand">TokenJourney <span class="muted-brand">journey view</span></span><nav>{{nav}}</nav></header>
            <main>
            <h1>{{E(title)}}</h1>
            {{body}}
            </main>
            {{(script is null ? "" : "<script>" + script + "</script>")}}
            </body>
            </html>
            """;
    }

    private const string Css = """
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f5f6f8}
        header{display:flex;align-items:center;gap:24px;background:#1f2a44;color:#fff;padding:0 20px;height:48px}
        header .brand{font-weight:700;letter-spacing:.3px}
        header .muted-brand{font-weight:400;color:#c9d3ea}
        header nav a{color:#c9d3ea;text-decoration:none;margin-right:16px;padding:14px 0}
        header nav a.active{color:#fff;border-bottom:3px solid #6ea8fe}
        main{padding:16px 20px;max-width:1400px}
        h1{font-size:20px;margin:4px 0 12px}
        h2{font-size:16px;margin:18px 0 8px}
        table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde1e8}
        th,td{text-align:left;padding:6px 10px;border-bottom:1px solid #eceff3;vertical-align:top}
        th{background:#f0f2f6;font-weight:600}
        a{color:#1f5fbf}
        code,pre,.mono{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,monospace;font-size:12.5px}
        pre{background:#fff;border:1px solid #dde1e8;padding:10px;overflow:auto;margin:0}
        .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;background:#e6e9ef}
        .st-ok{background:#d3f2dc;color:#135c2b}
        .st-error{background:#fbd5d5;color:#8a1c1c}
        button{font:inherit;padding:4px 12px;border-radius:4px;border:1px solid #9aa6bd;background:#fff;cursor:pointer}
        button.primary{background:#1f5fbf;color:#fff;border-color:#1f5fbf}
        .filters{display:flex;gap:10px;align-items:end;flex-wrap:wrap;margin-bottom:12px;background:#fff;border:1px solid #dde1e8;padding:10px}
        .filters label{display:flex;flex-direction:column;font-size:12px;color:#555}
        input,select,textarea{font:inherit;padding:4px 6px;border:1px solid #b8c0cf;border-radius:4px}
        .muted{color:#667085}
        .wf-row{display:grid;grid-template-columns:360px 1fr 80px;align-items:center;border-bottom:1px solid #eceff3;background:#fff;cursor:pointer}
        .wf-row:hover{background:#f3f7ff}
        .wf-name{padding:4px 8px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
        .wf-track{position:relative;height:22px}
        .wf-bar{position:absolute;top:5px;height:12px;border-radius:3px;min-width:2px}
        .wf-dur{text-align:right;padding-right:8px;color:#555;font-size:12px}
        .wf-detail{display:none;padding:8px 12px 12px;background:#fafbfd;border-bottom:1px solid #dde1e8}
        .wf-detail.open{display:block}
        .svc{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:11px;margin-right:6px}
        .facts{display:inline-flex;gap:4px;flex-wrap:wrap;margin-left:6px}
        .token-label{font-size:10px;font-weight:700;text-transform:uppercase;color:#1f3f7a;letter-spacing:.4px}
        .fact{font-size:11px;padding:0 6px;border-radius:3px;background:#eef3ff;color:#1f3f7a;border:1px solid #c9d7f5}
        .fact.bad{background:#fde8e8;color:#8a1c1c;border-color:#f3b9b9}
        .cols{display:grid;grid-template-columns:1fr 1fr;gap:16px}
        .warn{padding:6px 10px;border-radius:4px;margin:4px 0}
        .warn.Danger{background:#fbd5d5;color:#7a1414}
        .warn.Warning{background:#fff1c2;color:#5c4300}
        .warn.Info{background:#e3edff;color:#1f3f7a}
        .sig{padding:8px 12px;border-radius:4px;font-weight:600;margin:8px 0}
        .sig.Verified{background:#d3f2dc;color:#135c2b}
        .sig.Invalid,.sig.NoMatchingKey{background:#fbd5d5;color:#7a1414}
        .sig.Unsupported,.sig.NotChecked{background:#e6e9ef;color:#333}
        dl.kv{display:grid;grid-template-columns:220px 1fr;gap:2px 12px;margin:0}
        dl.kv dt{color:#555}
        dl.kv dd{margin:0;word-break:break-all}
        """;

    private static readonly string[] Palette = ["#c23a6b", "#5a6472", "#b0802a", "#4b7f9e", "#9e4b7f"];

    private static readonly Dictionary<string, string> KnownServices = new(StringComparer.OrdinalIgnoreCase)
    {
        ["storefront"] = "#8a4fc9",
        ["gateway"] = "#c0622b",
        ["orders"] = "#3b6fd8",
        ["inventory"] = "#2e9d5b",
        ["shipping"] = "#1f8a95",
        ["identity"] = "#7a7f2b",
    };

    /// <summary>A stable colour per service, so a service reads the same across the list and the waterfall.</summary>
    public static string ServiceColor(string service)
    {
        if (KnownServices.TryGetValue(service, out var known))
        {
            return known;
        }
        var hash = 0;
        foreach (var c in service)
        {
            hash = (hash * 31 + c) & 0x7fffffff;
        }
        return Palette[hash % Palette.Length];
    }

    public static string Duration(TimeSpan d) => d.TotalMilliseconds switch
    {
        < 1 => $"{d.TotalMicroseconds:0} µs",
        < 1000 => $"{d.TotalMilliseconds:0.#} ms",
        < 60000 => $"{d.TotalSeconds:0.##} s",
        _ => $"{d.TotalMinutes:0.#} min",
    };
}
