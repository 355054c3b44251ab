using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>Orders retries a webhook the client did not accept, with growing waits, and records every attempt.</summary>
public sealed class WebhookRetryTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task A_webhook_answered_503_twice_is_retried_after_1_s_then_2_s_and_recorded_as_delivered_on_the_third_attempt()
    {
        using var callbacks = new CallbackListener(failFirst: 2);
        var alice = new Customer(App, "alice");
        var orderId = await alice.PlaceOkAsync("tea-sencha", 1, callbacks.Url, Cancellation);
        await alice.WaitForStatusAsync(orderId, Cancellation, "Shipped");

        var delivery = await OrderingTests.Eventually(async () =>
        {
            using var response = await alice.GetAsync($"/api/orders/{orderId}/webhook-deliveries", Cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var shipped = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).EnumerateArray()
                .Single(d => d.GetProperty("eventType").GetString() == "order.shipped");
            return shipped.GetProperty("state").GetString() == "Delivered" ? new Box(shipped) : null;
        });

        var history = delivery.Value.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal([503, 503, 200], history.Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal(3, delivery.Value.GetProperty("attempts").GetInt32());
        var at = history.Select(a => a.GetProperty("at").GetDateTimeOffset()).ToList();
        // Backoff: the first retry waits at least Webhooks:FirstRetryDelay (1 s), the second at least twice that.
        Assert.True(at[1] - at[0] >= TimeSpan.FromSeconds(1), $"first retry after {(at[1] - at[0]).TotalMilliseconds} ms");
        Assert.True(at[2] - at[1] >= TimeSpan.FromSeconds(2), $"second retry after {(at[2] - at[1]).TotalMilliseconds} ms");

        // The client saw the same delivery three times (one webhook id, each correctly signed).
        var received = callbacks.For(orderId).Where(c => c.Type == "order.shipped").ToList();
        Assert.Equal(3, received.Count);
        Assert.Single(received.Select(c => c.Id).Distinct());
        Assert.All(received, c => Assert.True(c.SignatureValid));
    }

    private sealed record Box(JsonElement Value);
}
