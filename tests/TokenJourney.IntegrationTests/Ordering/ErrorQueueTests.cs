using TokenJourney.IntegrationTests.Hosting;
using TokenJourney.IntegrationTests.Identity;
using TokenJourney.IntegrationTests.Services;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>
/// A message Shipping cannot process is retried, then moved to <c>order-placed_error</c>. Shipping takes messages in
/// batches and a failing batch fails as a whole, so this runs alone: no other test's message may share its batch.
/// </summary>
[Collection(DisruptiveCollection.Name)]
public sealed class ErrorQueueTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task A_message_Shipping_cannot_store_is_retried_and_then_waits_in_order_placed_error()
    {
        var tokens = new ServiceTokens(App);
        var customer = await tokens.CustomerAsync("alice");
        var shippingToken = await tokens.ExchangeAsync(customer, "shipping:create", "shipping");
        var orderId = Guid.NewGuid();
        using var broker = new BrokerManagement(App);
        await using var shipping = await ShippingListener.StartAsync(App);

        // A valid token for the right customer, but no sku: the shipment cannot be written (its sku is required), so
        // processing throws every time, unlike a refused token, which is an answer, not a failure.
        await shipping.PublishOrderPlacedAsync(orderId, Jwt.Payload(customer).GetProperty("sub").GetString()!, shippingToken, sku: null!);

        var dead = await OrderingTests.Eventually(async () =>
            (await broker.GetAsync("order-placed_error", 10, remove: true, Cancellation))
                .FirstOrDefault(m => m.GetProperty("payload").GetString()!.Contains(orderId.ToString(), StringComparison.Ordinal)) is { ValueKind: not System.Text.Json.JsonValueKind.Undefined } found
                ? new Dead(found)
                : null);

        var headers = dead.Message.GetProperty("properties").GetProperty("headers");
        Assert.Equal("3", headers.GetProperty("MT-Fault-RetryCount").ToString());
        Assert.Contains("NOT NULL", headers.GetProperty("MT-Fault-Message").GetString());
        Assert.False(ShippingStore.ShipmentsPerOrder(App).ContainsKey(orderId));
    }

    private sealed record Dead(System.Text.Json.JsonElement Message);
}
