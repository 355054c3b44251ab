using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TokenJourney.IntegrationTests.Dashboard;

/// <summary>
/// What a person does in the real Aspire dashboard (a Blazor Server app on FluentUI), as browser steps. The dashboard
/// renders no test ids, so these steps find things the way a screen reader would: grid cells named
/// "{type}: {resource}", the resource page's "View options" menu with its Stop and Start items, and the property grids
/// (resource details, span details) whose cells carry the name and the value in their <c>title</c>.
/// </summary>
public static partial class DashboardUser
{
    /// <summary>Starting waits for the resource's health checks too (Aspire's start command does not).</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);

    /// <summary>
    /// Opens the resource's page: the details panel the resources page shows once a resource's row is clicked
    /// (state, health state, URLs, environment and the resource's commands).
    /// </summary>
    public static async Task<ILocator> OpenResourceAsync(IPage page, Uri dashboard, string resource)
    {
        await page.GotoAsync(dashboard.ToString());
        // The name cell says "{resource type}: {name}" (e.g. "Executable: shipping"); the type is AppHost's business.
        var details = Details(page);
        await ClickUntilAsync(
            page.GetByRole(AriaRole.Gridcell, new() { NameRegex = new Regex($"^[^:]+: {Regex.Escape(resource)}$") }),
            new() { },
            Expect(details.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex($": {Regex.Escape(resource)}$") })).ToBeVisibleAsync);
        return details;
    }

    /// <summary>Stop from the resource's page; returns once the dashboard says it has finished.</summary>
    public static async Task StopAsync(IPage page, Uri dashboard, string resource)
    {
        var details = await OpenResourceAsync(page, dashboard, resource);
        await RunCommandAsync(page, details, "Stop");
        // An executable that was stopped shows "Finished" (or "Exited" on older dashboards).
        await Expect(Property(details, "State")).ToHaveAttributeAsync("title", FinishedOrExited(), new() { Timeout = 60_000 });
    }

    /// <summary>Start from the resource's page; returns once the dashboard shows it Running and Healthy again.</summary>
    public static async Task StartAsync(IPage page, Uri dashboard, string resource)
    {
        var details = await OpenResourceAsync(page, dashboard, resource);
        await RunCommandAsync(page, details, "Start");
        var timeout = (float)StartTimeout.TotalMilliseconds;
        await Expect(Property(details, "State")).ToHaveAttributeAsync("title", "Running", new() { Timeout = timeout });
        await Expect(Property(details, "Health state")).ToHaveAttributeAsync("title", "Healthy", new() { Timeout = timeout });
    }

    /// <summary>
    /// The order's trace on the dashboard's trace detail page. Spans reach the dashboard in export batches, a few
    /// seconds after the work: reload until every expected span row is there (or give up after
    /// <paramref name="within"/>; the assertions that follow then say what is missing).
    /// </summary>
    public static async Task OpenTraceAsync(IPage page, Uri dashboard, string traceId, IEnumerable<ILocator> expectedRows, TimeSpan within)
    {
        await page.GotoAsync(new Uri(dashboard, $"/traces/detail/{traceId}").ToString());
        var deadline = DateTimeOffset.UtcNow + within;
        var wanted = expectedRows.ToList();
        while (true)
        {
            // The page renders its grid after the circuit connects; wait for the first row before counting.
            await Expect(SpanRows(page).First).ToBeVisibleAsync();
            var missing = 0;
            foreach (var row in wanted)
            {
                if (await row.CountAsync() == 0)
                {
                    missing++;
                }
            }
            if (missing == 0 || DateTimeOffset.UtcNow > deadline)
            {
                return;
            }
            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            await page.ReloadAsync();
        }
    }

    /// <summary>The span rows of the trace detail grid; each row's name cell reads "{resource}: {span name}".</summary>
    public static ILocator SpanRows(IPage page) => page.Locator(".trace-view-grid tr[role=row]:has(td[role=gridcell])");

    /// <summary>
    /// The name cells of the spans <paramref name="resource"/> recorded whose name starts with <paramref name="namePrefix"/>
    /// (and ends with <paramref name="nameSuffix"/>). A name cell's aria-label reads "{resource}: {span name}"; the
    /// waterfall cell next to it may carry the same words, so only the name column (<c>expand-col</c>) is searched.
    /// </summary>
    public static ILocator Span(IPage page, string resource, string namePrefix, string nameSuffix = "") =>
        // CSS's $= with an empty value matches nothing, so the suffix is only added when there is one.
        page.Locator($".trace-view-grid td.expand-col[role=gridcell][aria-label^='{resource}: {namePrefix}']"
            + (nameSuffix.Length > 0 ? $"[aria-label$='{nameSuffix}']" : ""));

    /// <summary>The name cells of the spans <paramref name="resource"/> recorded under exactly this name.</summary>
    public static ILocator ExactSpan(IPage page, string resource, string name) =>
        page.Locator($".trace-view-grid td.expand-col[role=gridcell][aria-label='{resource}: {name}']");

    /// <summary>
    /// Clicks each span in <paramref name="spans"/> and reads the span details panel: its name/value grid holds the
    /// span's kind and attributes (the <c>token.*</c> facts among them).
    /// </summary>
    public static async Task<List<Dictionary<string, string>>> SpanAttributesAsync(IPage page, ILocator spans)
    {
        var all = new List<Dictionary<string, string>>();
        var details = Details(page);
        var spanId = Property(details, "SpanId");
        var count = await spans.CountAsync();
        for (var i = 0; i < count; i++)
        {
            // The open panel keeps showing the previous span until the circuit re-renders it: wait for another span id.
            var before = await details.IsVisibleAsync() ? await spanId.GetAttributeAsync("title") : null;
            // Clicked at its left edge: a deep span's name is indented so far that the middle of the cell can be its
            // expand/collapse chevron, which collapses the children instead of opening the span's details.
            await ClickUntilAsync(spans.Nth(i), new() { Position = new() { X = 4, Y = 8 } }, async options =>
            {
                await Expect(spanId).ToBeVisibleAsync(new() { Timeout = options.Timeout });
                if (before is not null)
                {
                    await Expect(spanId).Not.ToHaveAttributeAsync("title", before, new() { Timeout = options.Timeout });
                }
            });
            all.Add(await PropertiesAsync(details));
        }
        return all;
    }

    /// <summary>The value cell of a resource or span property (its <c>title</c> holds the full value).</summary>
    public static ILocator Property(ILocator details, string name) =>
        details.Locator($"tr:has(> td.nameColumn .grid-value[title='{name}']) > td.valueColumn .grid-value").First;

    /// <summary>The details panel: the resource page on /, the span details on a trace.</summary>
    private static ILocator Details(IPage page) => page.Locator(".details-container");

    private static async Task<Dictionary<string, string>> PropertiesAsync(ILocator details)
    {
        var properties = new Dictionary<string, string>();
        foreach (var row in await details.Locator("tr:has(> td.nameColumn)").AllAsync())
        {
            var name = await row.Locator("td.nameColumn .grid-value").First.GetAttributeAsync("title");
            var value = await row.Locator("td.valueColumn .grid-value").First.GetAttributeAsync("title");
            if (name is not null)
            {
                properties.TryAdd(name, value ?? "");
            }
        }
        return properties;
    }

    /// <summary>
    /// Clicks until the click has its effect (or 90 s have passed). A Blazor Server page shows its prerendered HTML
    /// before its circuit is connected, and a click in that moment does nothing; once connected, the page renders its
    /// grid again from the data it is sent. On a busy machine (load 20 on two cores was seen) that takes tens of seconds.
    /// </summary>
    private static async Task ClickUntilAsync(ILocator target, LocatorClickOptions click, Func<LocatorAssertionsToBeVisibleOptions, Task> effect)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            click.Timeout = (float)Math.Max(1_000, (deadline - DateTimeOffset.UtcNow).TotalMilliseconds);
            await target.ClickAsync(click);
            try
            {
                await effect(new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (DateTimeOffset.UtcNow < deadline)
            {
                // Not yet: click again.
            }
        }
    }

    /// <summary>The resource page's menu ("View options") lists the resource's commands next to the view options.</summary>
    private static async Task RunCommandAsync(IPage page, ILocator details, string command)
    {
        await details.GetByRole(AriaRole.Button, new() { Name = "View options", Exact = true }).ClickAsync();
        // Exact: "Start" must not find "Restart".
        await page.GetByRole(AriaRole.Menuitem, new() { Name = command, Exact = true }).ClickAsync();
    }

    [GeneratedRegex("^(Finished|Exited)$")]
    private static partial Regex FinishedOrExited();
}
