using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>An order belongs to the customer who placed it: another customer can neither resume it nor read its webhooks.</summary>
public sealed class OtherCustomersOrderTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task Bob_can_neither_resume_alice_order_nor_read_its_webhook_deliveries()
    {
        using var callbacks = new CallbackListener();
        var alice = new Customer(App, "alice");
        var bob = new Customer(App, "bob");
        var orderId = await alice.PlaceOkAsync("tea-sencha", 1, callbacks.Url, Cancellation);
        await alice.WaitForStatusAsync(orderId, Cancellation, "Shipped");
        await OrderingTests.Eventually(() => Task.FromResult(callbacks.For(orderId).FirstOrDefault(c => c.Type == "order.shipped")));

        // Alice's own view: her deliveries are there, and her order is not resumable (it shipped): 409, not 404.
        using (var hers = await alice.GetAsync($"/api/orders/{orderId}/webhook-deliveries", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, hers.StatusCode);
            Assert.NotEqual(0, (await hers.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetArrayLength());
        }
        using (var aliceResumes = await alice.ResumeAsync(orderId, Cancellation))
        {
            Assert.Equal(HttpStatusCode.Conflict, aliceResumes.StatusCode);
        }

        // Bob, with a valid token of his own, is told there is no such order for him, and learns nothing about it.
        using var bobReads = await bob.GetAsync($"/api/orders/{orderId}/webhook-deliveries", Cancellation);
        await AssertNotFoundAsync(bobReads, orderId);
        using var bobResumes = await bob.ResumeAsync(orderId, Cancellation);
        await AssertNotFoundAsync(bobResumes, orderId);
        Assert.Equal("Shipped", (await alice.OrderAsync(orderId, Cancellation)).GetProperty("status").GetString());
    }

    private static async Task AssertNotFoundAsync(HttpResponseMessage response, Guid orderId)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(("Order not found", $"No order {orderId} for this caller."), (problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString()));
        Assert.DoesNotContain("127.0.0.1", body); // nothing of alice's callback URL
    }
}
