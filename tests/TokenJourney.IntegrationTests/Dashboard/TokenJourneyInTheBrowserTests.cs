using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TokenJourney.IntegrationTests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace TokenJourney.IntegrationTests.Dashboard;

/// <summary>
/// The user's story, in a real browser on the composed system: an order whose shipping token expired while its
/// message waited in the queue is re-authorized by the Storefront and shipped, and the dashboard shows the whole
/// journey with what each hop saw of the token. Stops Shipping, so it runs alone.
/// </summary>
[Collection(DisruptiveCollection.Name)]
public sealed partial class TokenJourneyInTheBrowserTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    /// <summary>Validators allow this much clock skew; the queued token must be past it to count as expired.</summary>
    private static readonly TimeSpan ValidatorClockSkew = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task An_order_whose_token_expired_in_the_queue_is_resumed_and_its_whole_journey_shows_in_the_dashboard()
    {
        await using var browser = await Browser.LaunchAsync();
        var storefront = await browser.NewPageAsync();
        var dashboard = await browser.NewPageAsync();

        // Alice signs in at the identity provider; the Storefront keeps her tokens, her browser only a cookie.
        await StorefrontUser.SignInAsync(storefront, App.Endpoint("storefront"), "alice", "alice");
        await Browser.ScreenshotAsync(storefront, "01-storefront-signed-in");
        Assert.DoesNotContain(await browser.Context.CookiesAsync(), c => c.Value.Count(ch => ch == '.') == 2 && c.Value.StartsWith("eyJ", StringComparison.Ordinal));

        // Shipping goes down, from the dashboard.
        await DashboardUser.StopAsync(dashboard, App.DashboardUrl, "shipping");
        await Browser.ScreenshotAsync(dashboard, "02-dashboard-shipping-stopped");

        ILocator order;
        try
        {
            // She orders; the order waits in the queue with a token that expires there.
            await storefront.BringToFrontAsync();
            order = await StorefrontUser.PlaceOrderAsync(storefront, quantity: 1);
            await Browser.ScreenshotAsync(storefront, "03-storefront-order-placed");
            var lifetimeLeft = await StorefrontUser.AccessTokenLifetimeLeftAsync(storefront);
            await Task.Delay(lifetimeLeft + ValidatorClockSkew + TimeSpan.FromSeconds(2), Cancellation);
        }
        finally
        {
            // Shipping comes back, from the dashboard (Start returns once it is healthy).
            await DashboardUser.StartAsync(dashboard, App.DashboardUrl, "shipping");
            await Browser.ScreenshotAsync(dashboard, "04-dashboard-shipping-started");
        }

        // The Storefront is called back, refreshes, resumes; the order ships.
        await storefront.BringToFrontAsync();
        await Expect(order.GetByTestId("order-status")).ToHaveTextAsync(StorefrontUser.Shipped(), new() { Timeout = 120_000 });
        var history = await order.GetByTestId("order-history").InnerTextAsync();
        Assert.Matches(WaitingThenReauthorizedThenShipped(), history);
        await Expect(storefront.GetByTestId("notifications")).ToContainTextAsync("refreshed");
        await Browser.ScreenshotAsync(storefront, "05-storefront-order-shipped");

        // Its trace in the dashboard: every hop, the RabbitMQ publish and consume, and the token facts per hop.
        var traceUrl = await order.GetByTestId("trace-link").GetAttributeAsync("href");
        Assert.NotNull(traceUrl);
        var trace = await browser.NewPageAsync();
        await trace.GotoAsync(traceUrl);
        string[] hops =
        [
            Row("gateway"), Row("orders"), Row("inventory"), Row("shipping"),
            Row("orders") + ":has(.muted:text-is('producer'))",
            Row("shipping") + ":has(.muted:text-is('consumer'))",
        ];
        await DashboardUser.WaitForSpansAsync(trace, hops, TimeSpan.FromSeconds(60));
        foreach (var hop in hops)
        {
            await Expect(trace.Locator(hop).First).ToBeAttachedAsync();
        }
        var facts = trace.Locator("#waterfall .token-facts");
        await Expect(facts.Filter(new() { HasText = "strategy: phantom" }).First).ToBeAttachedAsync();
        await Expect(facts.Filter(new() { HasText = "strategy: exchanged" }).First).ToBeAttachedAsync();
        await Expect(facts.Filter(new() { HasText = "outcome: expired" }).First).ToBeAttachedAsync();
        await Expect(facts.Filter(new() { HasText = "outcome: accepted" }).First).ToBeAttachedAsync();
        await Browser.ScreenshotAsync(trace, "06-dashboard-order-trace");

        // The trace list, filtered to the traces Shipping took part in.
        await trace.GotoAsync(new Uri(App.DashboardUrl, "/traces?service=shipping").ToString());
        await Expect(trace.Locator($"table#traces tr[data-trace='{TraceId(traceUrl)}']")).ToBeAttachedAsync();
        await Browser.ScreenshotAsync(trace, "07-dashboard-traces-through-shipping");
    }

    private static string Row(string service) => $"#waterfall .wf-row[data-service='{service}']";

    private static string TraceId(string traceUrl) => traceUrl.TrimEnd('/').Split('/')[^1];

    [GeneratedRegex(@"waiting.*re-?authori[sz]ed.*shipped", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex WaitingThenReauthorizedThenShipped();
}
