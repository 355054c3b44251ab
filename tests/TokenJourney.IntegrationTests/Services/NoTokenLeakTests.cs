using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using TokenJourney.IntegrationTests.Hosting;
using TokenJourney.IntegrationTests.Identity;
using TokenJourney.IntegrationTests.Ordering;

namespace TokenJourney.IntegrationTests.Services;

/// <summary>
/// No token in a span attribute or a log line: after a journey that makes each service log about a known order, the
/// logs of Orders, Inventory, Shipping and the storefront, and every attribute of the order's spans, hold no token.
/// </summary>
public sealed partial class NoTokenLeakTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task The_logs_of_Orders_Inventory_Shipping_and_the_storefront_and_an_order_s_spans_hold_no_token()
    {
        // Orders logs a webhook attempt the client refused, with the order id: the marker its log has caught up.
        using var callbacks = new CallbackListener(failFirst: 1);
        var alice = new Customer(App, "alice");
        var aliceToken = await alice.RefreshAsync(Cancellation);
        var traceId = ActivityTraceId.CreateRandom();
        var orderId = await alice.PlaceOkAsync("tea-sencha", 1, callbacks.Url, Cancellation, traceId);
        // On a loaded machine the 15-s token may run out while the message waits: the journey then ends waiting for
        // re-authorization, which makes the same log lines and spans (Shipping's check of the message's token).
        await alice.WaitForStatusAsync(orderId, Cancellation, "Shipped", "AwaitingReauthorization");
        await OrderingTests.Eventually(() => Task.FromResult(callbacks.For(orderId).Skip(1).FirstOrDefault()));

        // Shipping logs a refused message with its order id; the message carries alice's own token (not for Shipping).
        var refusedOrder = Guid.NewGuid();
        await using (var shipping = await ShippingListener.StartAsync(App))
        {
            await shipping.PublishOrderPlacedAsync(refusedOrder, Jwt.Payload(aliceToken).GetProperty("sub").GetString()!, aliceToken);
            await shipping.RefusalAsync(refusedOrder);
        }

        // The storefront logs the webhook of an order placed through it, with the order id.
        using var bob = await StorefrontSession.SignInAsync(App, "bob", Cancellation);
        var storefrontOrder = await bob.PlaceAsync("tea-sencha", 1, Cancellation);

        var markers = new (string Resource, string Marker)[]
        {
            ("orders", $"for order {orderId}: attempt 1 failed"),
            ("inventory", $"Order {orderId}: reserved"),
            ("shipping", $"Order {refusedOrder} (attempt 1) not shipped"),
            ("storefront", $"for order {storefrontOrder}"),
        };
        foreach (var (resource, marker) in markers)
        {
            var log = await LogWithAsync(resource, marker);
            Assert.False(log.Contains(aliceToken, StringComparison.Ordinal), $"{resource}'s log holds alice's access token");
            Assert.False(log.Contains(aliceToken.Split('.')[2], StringComparison.Ordinal), $"{resource}'s log holds the signature of alice's access token");
            Assert.True(TokenShaped().Match(log) is { Success: false }, $"{resource}'s log holds a token: {TokenShaped().Match(log).Value[..Math.Min(24, TokenShaped().Match(log).Value.Length)]}...");
        }

        // Every attribute and event of the order's spans, from every service, as the journey view received them.
        using var journey = App.CreateHttpClient("journey");
        var spans = await OrderingTests.Eventually(async () =>
        {
            var trace = await journey.GetFromJsonAsync<List<JsonElement>>($"/api/traces/{traceId.ToHexString()}", Cancellation) ?? [];
            return trace.Any(s => s.GetProperty("service").GetString() == "shipping") ? trace : null;
        });
        var attributes = JsonSerializer.Serialize(spans.Select(s => new { a = s.GetProperty("attributes"), e = s.GetProperty("events") }));
        Assert.Contains("token.audience", attributes);
        Assert.DoesNotContain(aliceToken.Split('.')[2], attributes);
        Assert.True(TokenShaped().Match(attributes) is { Success: false }, "a span attribute holds a token");
    }

    /// <summary>The resource's log once it holds <paramref name="marker"/>: what was logged before it has arrived.</summary>
    private async Task<string> LogWithAsync(string resource, string marker) =>
        (await OrderingTests.Eventually(() => Task.FromResult(App.Logs(resource) is var log && log.Contains(marker, StringComparison.Ordinal) ? log : null)))!;

    /// <summary>A JWT (any base64url header starting <c>{"</c>), or a bearer credential of token length.</summary>
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.|Bearer\s+[A-Za-z0-9._~+/-]{20,}")]
    private static partial Regex TokenShaped();
}
