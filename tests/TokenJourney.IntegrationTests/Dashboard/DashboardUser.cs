using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TokenJourney.IntegrationTests.Dashboard;

/// <summary>What a person does in the dashboard, as browser steps.</summary>
public static class DashboardUser
{
    public static async Task StopAsync(IPage page, Uri dashboard, string resource)
    {
        await page.GotoAsync(new Uri(dashboard, "/resources").ToString());
        await page.GetByTestId($"stop-{resource}").ClickAsync();
        await Expect(page.GetByTestId($"state-{resource}")).ToHaveAttributeAsync("data-state", "Stopped", new() { Timeout = 60_000 });
    }

    /// <summary>The dashboard's Start answers once the resource is healthy again, so this can take a while.</summary>
    public static async Task StartAsync(IPage page, Uri dashboard, string resource)
    {
        await page.GotoAsync(new Uri(dashboard, "/resources").ToString());
        await page.GetByTestId($"start-{resource}").ClickAsync(new() { Timeout = 150_000 });
        await Expect(page.GetByTestId($"state-{resource}")).ToHaveAttributeAsync("data-state", "Running", new() { Timeout = 150_000 });
        await Expect(page.GetByTestId($"health-{resource}")).ToHaveTextAsync("Healthy", new() { Timeout = 60_000 });
    }

    /// <summary>
    /// Spans reach the dashboard in export batches, a few seconds after the work: reload the trace view until every
    /// expected row is there (or give up after <paramref name="within"/>; the assertions that follow then say what is missing).
    /// </summary>
    public static async Task WaitForSpansAsync(IPage page, IEnumerable<string> selectors, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        var wanted = selectors.ToList();
        while (true)
        {
            var missing = 0;
            foreach (var selector in wanted)
            {
                if (await page.Locator(selector).CountAsync() == 0)
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
}
