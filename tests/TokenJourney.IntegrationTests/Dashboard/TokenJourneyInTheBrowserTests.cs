using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Playwright;
using TokenJourney.IntegrationTests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace TokenJourney.IntegrationTests.Dashboard;

/// <summary>
/// The user's story, in a real browser on the composed system: Shipping is stopped and started again from the Aspire
/// dashboard; an order whose shipping token expired while its message waited in the queue is re-authorized by the
/// Storefront and shipped; the journey view shows what each hop saw of the token, and the Aspire dashboard shows the
/// same facts as span attributes. Stops Shipping, so it runs alone.
/// </summary>
[Collection(DisruptiveCollection.Name)]
public sealed partial class TokenJourneyInTheBrowserTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    /// <summary>Validators allow this much clock skew; the queued token must be past it to count as expired.</summary>
    private static readonly TimeSpan ValidatorClockSkew = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task An_order_whose_token_expired_in_the_queue_is_resumed_and_its_journey_shows_in_the_journey_view_and_the_Aspire_dashboard()
    {
        await using var browser = await Browser.LaunchAsync();
        var storefront = await browser.NewPageAsync();
        var dashboard = await browser.NewPageAsync();

        // Alice signs in at the identity provider; the Storefront keeps her tokens, her browser only a cookie.
        await StorefrontUser.SignInAsync(storefront, App.Endpoint("storefront"), "alice", "alice");
        await Browser.ScreenshotAsync(storefront, "01-storefront-signed-in");
        Assert.DoesNotContain(await browser.Context.CookiesAsync(), c => c.Value.Count(ch => ch == '.') == 2 && c.Value.StartsWith("eyJ", StringComparison.Ordinal));

        ILocator order;
        try
        {
            // Shipping goes down, from its page in the Aspire dashboard; Aspire agrees it is down.
            await DashboardUser.StopAsync(dashboard, App.DashboardUrl, "shipping");
            await Browser.ScreenshotAsync(dashboard, "02-aspire-shipping-stopped");
            await App.App.ResourceNotifications.WaitForResourceAsync("shipping", e => IsStopped(e.Snapshot.State?.Text), Cancellation)
                .WaitAsync(TimeSpan.FromSeconds(10), Cancellation);

            // She orders; the order waits in the queue with a token that expires there.
            await storefront.BringToFrontAsync();
            order = await StorefrontUser.PlaceOrderAsync(storefront, quantity: 1);
            await Browser.ScreenshotAsync(storefront, "03-storefront-order-placed");
            var lifetimeLeft = await StorefrontUser.AccessTokenLifetimeLeftAsync(storefront);
            await Task.Delay(lifetimeLeft + ValidatorClockSkew + TimeSpan.FromSeconds(2), Cancellation);

            // Shipping comes back, from the dashboard (the step returns once the dashboard shows it healthy).
            await dashboard.BringToFrontAsync();
            await DashboardUser.StartAsync(dashboard, App.DashboardUrl, "shipping");
            await Browser.ScreenshotAsync(dashboard, "04-aspire-shipping-started");
        }
        finally
        {
            // Whatever failed above, Shipping must not stay down for the tests after this one.
            if (IsStopped(App.State("shipping")))
            {
                await App.StartResourceAsync("shipping");
            }
        }
        // Aspire agrees with what the dashboard showed.
        await App.WaitUntilHealthyAsync("shipping", TimeSpan.FromSeconds(10));

        // The Storefront is called back, refreshes, resumes; the order ships.
        await storefront.BringToFrontAsync();
        await Expect(order.GetByTestId("order-status")).ToHaveTextAsync(StorefrontUser.Shipped(), new() { Timeout = 120_000 });
        var history = await order.GetByTestId("order-history").InnerTextAsync();
        Assert.Matches(WaitingThenReauthorizedThenShipped(), history);
        await Expect(storefront.GetByTestId("notifications")).ToContainTextAsync("refreshed");
        await Browser.ScreenshotAsync(storefront, "05-storefront-order-shipped");

        // The order links to its trace in the journey view: one journey row per hop that recorded token facts, every
        // hop's span, the RabbitMQ publish and consume, and the facts that tell this story.
        var traceUrl = await order.GetByTestId("trace-link").GetAttributeAsync("href");
        Assert.NotNull(traceUrl);
        Assert.StartsWith(App.Endpoint("journey").GetLeftPart(UriPartial.Authority), traceUrl);
        var traceId = TraceId(traceUrl);
        var journey = await browser.NewPageAsync();
        await journey.GotoAsync(traceUrl);
        string[] journeyRows =
        [
            Hop("gateway"), Hop("orders"), Hop("inventory"), Hop("shipping"),
            Row("gateway"), Row("orders"), Row("inventory"), Row("shipping"),
            Row("orders") + ":has(.muted:text-is('producer'))",
            Row("shipping") + ":has(.muted:text-is('consumer'))",
        ];
        await WaitForJourneyAsync(journey, journeyRows, TimeSpan.FromSeconds(60));
        foreach (var row in journeyRows)
        {
            await Expect(journey.Locator(row).First).ToBeAttachedAsync();
        }
        var facts = journey.Locator("#waterfall .token-facts");
        await Expect(facts.Filter(new() { HasText = "strategy: phantom" }).First).ToBeAttachedAsync();
        await Expect(facts.Filter(new() { HasText = "strategy: exchanged" }).First).ToBeAttachedAsync();
        await Expect(facts.Filter(new() { HasText = "outcome: expired" }).First).ToBeAttachedAsync();
        await Expect(facts.Filter(new() { HasText = "outcome: accepted" }).First).ToBeAttachedAsync();
        await Expect(journey.Locator(Hop("shipping"))).Not.ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(journey, "06-journey-order-trace");

        // The journey view links to the same trace in the Aspire dashboard. Only the path is checked: AppHost gives the
        // journey view the dashboard URL it was configured with, and the test host moves the dashboard to a random port.
        var aspireTrace = await journey.Locator("a#aspire-trace").GetAttributeAsync("href");
        Assert.NotNull(aspireTrace);
        Assert.Equal($"/traces/detail/{traceId}", new Uri(aspireTrace).AbsolutePath);

        // The trace list of the journey view, filtered to the traces Shipping took part in.
        await journey.GotoAsync(new Uri(App.Endpoint("journey"), "/traces?service=shipping").ToString());
        await Expect(journey.Locator($"table#traces tr[data-trace='{traceId}']")).ToBeAttachedAsync();
        await Browser.ScreenshotAsync(journey, "07-journey-traces-through-shipping");

        // The same trace in the Aspire dashboard: every hop's span, the RabbitMQ publish and consume, and the token
        // facts as span attributes on the hops that check or obtain a token.
        await dashboard.BringToFrontAsync();
        var gatewayIn = DashboardUser.ExactSpan(dashboard, "gateway", "POST /api/orders/{**rest}");
        var ordersIn = DashboardUser.ExactSpan(dashboard, "orders", "POST /orders/");
        var exchange = DashboardUser.Span(dashboard, "orders", "orders token exchange ");
        var inventoryIn = DashboardUser.ExactSpan(dashboard, "inventory", "POST /reservations");
        // MassTransit's producer span ("MSG rabbitmq send TokenJourney.Contracts:OrderPlaced") and consumer spans on
        // Shipping's queue ("order-placed receive", "order-placed process").
        var publish = DashboardUser.Span(dashboard, "orders", "MSG rabbitmq send ", nameSuffix: "OrderPlaced");
        var consume = DashboardUser.Span(dashboard, "shipping", "order-placed ");
        var shippingCheck = DashboardUser.ExactSpan(dashboard, "shipping", "shipping validate message token");
        ILocator[] spans = [gatewayIn, ordersIn, exchange, inventoryIn, publish, consume, shippingCheck];
        await DashboardUser.OpenTraceAsync(dashboard, App.DashboardUrl, traceId, spans, TimeSpan.FromSeconds(60));
        foreach (var span in spans)
        {
            await Expect(span.First).ToBeVisibleAsync();
        }
        await Browser.ScreenshotAsync(dashboard, "08-aspire-order-trace");

        var gateway = await DashboardUser.SpanAttributesAsync(dashboard, gatewayIn);
        Assert.Contains(gateway, s => Has(s, "token.strategy", "phantom") && Has(s, "token.audience", "orders") && Has(s, "token.outcome", "accepted"));

        var orders = await DashboardUser.SpanAttributesAsync(dashboard, ordersIn);
        Assert.Contains(orders, s => Has(s, "token.audience", "orders") && Has(s, "token.outcome", "accepted") && s.ContainsKey("token.seconds_left"));

        var exchanges = await DashboardUser.SpanAttributesAsync(dashboard, exchange);
        Assert.Contains(exchanges, s => Has(s, "token.strategy", "exchanged") && Has(s, "token.audience", "inventory"));
        Assert.Contains(exchanges, s => Has(s, "token.strategy", "exchanged") && Has(s, "token.audience", "shipping"));

        var inventory = await DashboardUser.SpanAttributesAsync(dashboard, inventoryIn);
        Assert.Contains(inventory, s => Has(s, "token.audience", "inventory") && Has(s, "token.scope", "inventory:reserve") && Has(s, "token.outcome", "accepted"));

        var published = await DashboardUser.SpanAttributesAsync(dashboard, publish);
        Assert.Contains(published, s => Has(s, "Kind", "Producer"));
        var consumed = await DashboardUser.SpanAttributesAsync(dashboard, consume);
        Assert.Contains(consumed, s => Has(s, "Kind", "Consumer"));

        // Shipping saw the queued token expired (a token refused as expired records no audience: its claims are not
        // trusted), then, after the Storefront re-authorized the order, a valid one for Shipping.
        var shipping = await DashboardUser.SpanAttributesAsync(dashboard, shippingCheck);
        Assert.Contains(shipping, s => Has(s, "token.outcome", "expired") && Has(s, "token.strategy", "message"));
        Assert.Contains(shipping, s => Has(s, "token.audience", "shipping") && Has(s, "token.outcome", "accepted"));
        await Browser.ScreenshotAsync(dashboard, "09-aspire-span-token-attributes");
    }

    /// <summary>The journey view's trace page is static HTML: reload it until every expected row is there.</summary>
    private static async Task WaitForJourneyAsync(IPage page, IEnumerable<string> selectors, TimeSpan within)
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
            await Task.Delay(TimeSpan.FromSeconds(2), Cancellation);
            await page.ReloadAsync();
        }
    }

    private static bool IsStopped(string? state) => state is not null && KnownResourceStates.TerminalStates.Contains(state);

    private static bool Has(Dictionary<string, string> span, string name, string value) =>
        span.TryGetValue(name, out var actual) && actual == value;

    private static string Hop(string service) => $"#journey tr[data-hop='{service}']";

    private static string Row(string service) => $"#waterfall .wf-row[data-service='{service}']";

    private static string TraceId(string traceUrl) => traceUrl.TrimEnd('/').Split('/')[^1];

    [GeneratedRegex(@"waiting.*re-?authori[sz]ed.*shipped", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex WaitingThenReauthorizedThenShipped();
}
