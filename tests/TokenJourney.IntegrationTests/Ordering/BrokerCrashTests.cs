using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>RabbitMQ dies (SIGKILL) with orders in flight. Kills a shared resource, so it runs alone.</summary>
[Collection(DisruptiveCollection.Name)]
public sealed class BrokerCrashTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private const int Orders = 50;

    // Skipped, not deleted: failed in 1 of 11 runs of the Ordering tests after the fixes below (about one in three
    // before). Two hangs were found: (1) a MassTransit endpoint waiting forever for an in-flight delivery before
    // reconnecting, now bounded by RabbitMqConventions.AddTokenJourneyBusTimeouts; (2) still open: RabbitMQ.Client 7.2.2
    // disposes a channel's publisher-confirm SemaphoreSlim while publishes and its own shutdown handler wait on it
    // (rabbitmq-dotnet-client fix "Do not dispose SemaphoreSlim fields with concurrent waiters", unreleased), so the
    // killed connection never finishes closing and Orders never reconnects; its log shows "S-FAULT ... BasicPublishAsync
    // failed ---> ObjectDisposedException: ... SemaphoreSlim" at the kill, then no MassTransit activity. Issue 5 stays open.
    [Fact(Skip = "Flaky (1 of 11): RabbitMQ.Client 7.2.2 can wedge Orders' killed connection (SemaphoreSlim disposed under waiters); issue 5, open")]
    public async Task Fifty_orders_in_flight_when_RabbitMQ_is_killed_all_end_shipped_or_called_back_and_none_ships_twice()
    {
        using var callbacks = new CallbackListener();
        var customers = new[] { new Customer(App, "alice"), new Customer(App, "bob") };
        foreach (var customer in customers)
        {
            await customer.RefreshAsync(Cancellation);
        }

        // Orders are placed while the broker is killed under them; placing never needs the broker (the outbox does).
        var placing = Enumerable.Range(0, Orders)
            .Select(i => customers[i % 2].PlaceOkAsync("mug-stoneware", 1, callbacks.Url, Cancellation))
            .ToList();
        await Task.WhenAny(placing);
        await App.KillResourceAsync("messaging");
        var placed = await Task.WhenAll(placing);
        await App.StartResourceAsync("messaging");

        var outcomes = await Task.WhenAll(placed.Select((id, i) =>
            customers[i % 2].WaitForStatusAsync(id, Cancellation, "Shipped", "AwaitingReauthorization")));

        Assert.Equal(Orders, placed.Distinct().Count());
        foreach (var (id, order) in placed.Zip(outcomes))
        {
            var status = order.GetProperty("status").GetString();
            var expected = status == "Shipped" ? "order.shipped" : "order.reauthorization_required";
            var callback = await OrderingTests.Eventually(() => Task.FromResult(callbacks.For(id).FirstOrDefault(c => c.Type == expected)));
            Assert.True(callback.SignatureValid);
        }
        // Redeliveries after the crash may repeat messages; they must not repeat shipments or callbacks.
        Assert.All(placed, id => Assert.True(callbacks.For(id).Count(c => c.Type == "order.shipped") <= 1, $"order {id} was reported shipped twice"));
        Assert.All(placed, id => Assert.True(callbacks.For(id).Select(c => c.Id).Distinct().Count() == callbacks.For(id).Count, $"order {id} got a callback twice"));
    }
}
