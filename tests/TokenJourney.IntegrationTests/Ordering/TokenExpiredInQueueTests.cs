using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>
/// The heart of the journey: Shipping is down for longer than the token in the queued message lives. Stops
/// Shipping, so it runs alone.
/// </summary>
[Collection(DisruptiveCollection.Name)]
public sealed class TokenExpiredInQueueTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    /// <summary>Validators allow this much clock skew; the queued token must be past it to count as expired.</summary>
    private static readonly TimeSpan ValidatorClockSkew = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task An_order_whose_shipping_token_expired_in_the_queue_is_called_back_once_resumed_and_shipped_once()
    {
        using var callbacks = new CallbackListener();
        var alice = new Customer(App, "alice");
        Guid orderId;
        await App.StopResourceAsync("shipping");
        try
        {
            var token = await alice.RefreshAsync(Cancellation);
            orderId = await alice.PlaceOkAsync("tea-earl-grey", 1, callbacks.Url, Cancellation);
            // The exchanged shipping token never outlives the customer's: wait until that one is past expiry and skew.
            var expired = DateTimeOffset.FromUnixTimeSeconds(Customer.ExpiresAt(token)) + ValidatorClockSkew + TimeSpan.FromSeconds(2);
            // A slow placement may already have taken that long: then there is nothing left to wait for.
            var wait = expired - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, Cancellation);
            }
        }
        finally
        {
            await App.StartResourceAsync("shipping");
        }

        var waiting = await alice.WaitForStatusAsync(orderId, Cancellation, "AwaitingReauthorization");
        Assert.Equal(("shipping", "expired"), (waiting.GetProperty("failedStep").GetString(), waiting.GetProperty("failureReason").GetString()));
        var askedToReauthorize = await OrderingTests.Eventually(() => Task.FromResult(
            callbacks.For(orderId).FirstOrDefault(c => c.Type == "order.reauthorization_required")));
        Assert.True(askedToReauthorize.SignatureValid);

        // The client refreshes its token and resumes; Orders re-publishes with a token exchanged from the fresh one.
        await alice.RefreshAsync(Cancellation);
        using (var resumed = await alice.ResumeAsync(orderId, Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
            Assert.Equal("Reauthorized", (await resumed.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("status").GetString());
        }
        var shipped = await alice.WaitForStatusAsync(orderId, Cancellation, "Shipped");
        Assert.Equal(2, shipped.GetProperty("attempt").GetInt32());
        await OrderingTests.Eventually(() => Task.FromResult(callbacks.For(orderId).FirstOrDefault(c => c.Type == "order.shipped")));

        // Exactly one correctly signed callback per change, and exactly one shipment.
        var received = callbacks.For(orderId);
        Assert.All(received, c => Assert.True(c.SignatureValid));
        Assert.Single(received, c => c.Type == "order.reauthorization_required");
        Assert.Single(received, c => c.Type == "order.shipped");
        Assert.Equal(HttpStatusCode.OK, await new ShippingProbe(App).ShipmentStatusAsync(orderId, await alice.TokenAsync(Cancellation), Cancellation));
        using var second = await alice.ResumeAsync(orderId, Cancellation);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);

        // Orders recorded each delivery and its attempts.
        using var deliveries = await alice.GetAsync($"/api/orders/{orderId}/webhook-deliveries", Cancellation);
        var recorded = await deliveries.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal(2, recorded.GetArrayLength());
        Assert.All(recorded.EnumerateArray(), d => Assert.Equal("Delivered", d.GetProperty("state").GetString()));
    }
}
