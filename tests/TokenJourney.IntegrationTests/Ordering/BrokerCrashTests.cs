using System.Net;
using Aspire.Hosting.ApplicationModel;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>RabbitMQ dies (SIGKILL) with orders in flight. Kills a shared resource, so it runs alone.</summary>
[Collection(DisruptiveCollection.Name)]
public sealed class BrokerCrashTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private const int Orders = 50;

    // What makes it pass: the three workarounds in services/Contracts/Messaging/Workarounds/README.md (the bounded
    // endpoint stop, the dead-socket-tolerant stream, Orders' outbox watchdog, which restarts Orders when its client is
    // wedged); WaitForStatusAsync waits out the gateway's 502s meanwhile.
    [Fact]
    public async Task Fifty_orders_in_flight_when_RabbitMQ_is_killed_all_end_shipped_once_in_Shipping_with_nothing_in_the_error_queue()
    {
        using var callbacks = new CallbackListener();
        var customers = new[] { new Customer(App, "alice"), new Customer(App, "bob") };
        foreach (var customer in customers)
        {
            await customer.RefreshAsync(Cancellation);
        }

        // Orders are placed while the broker is killed under them; placing never needs the broker (the outbox does).
        // Each placement notes whether it was answered before the kill.
        var killed = false;
        var placing = Enumerable.Range(0, Orders)
            .Select(async i =>
            {
                var id = await customers[i % 2].PlaceOkAsync("mug-stoneware", 1, callbacks.Url, Cancellation);
                return (Id: id, BeforeKill: !Volatile.Read(ref killed));
            })
            .ToList();
        Guid[] inFlight;
        try
        {
            await Task.WhenAny(placing);
            App.KillResource("messaging");
            Volatile.Write(ref killed, true);
            // In flight: placed (Orders answered 201) before the kill, not shipped by Shipping when the broker died.
            var shippedAtKill = ShippingStore.ShipmentsPerOrder(App);
            inFlight = [.. placing.Where(p => p.IsCompletedSuccessfully && p.Result.BeforeKill && !shippedAtKill.ContainsKey(p.Result.Id)).Select(p => p.Result.Id)];
            await Task.WhenAll(placing);
        }
        finally
        {
            // Whatever failed after the kill, later tests get their broker back.
            if (Volatile.Read(ref killed))
            {
                await App.App.ResourceNotifications.WaitForResourceAsync("messaging",
                        e => e.Snapshot.State?.Text is { } s && KnownResourceStates.TerminalStates.Contains(s), CancellationToken.None)
                    .WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
                await App.StartResourceAsync("messaging");
            }
        }
        Assert.NotEmpty(inFlight);
        var placed = placing.Select(p => p.Result.Id).ToArray();
        Assert.Equal(Orders, placed.Distinct().Count());

        // A message may wait out the outage longer than its 15-s token lives: Orders then waits for re-authorization,
        // and only that reason may stop an order. The customer refreshes and resumes it, as the storefront does.
        var outcomes = await Task.WhenAll(placed.Select((id, i) =>
            customers[i % 2].WaitForStatusAsync(id, Cancellation, "Shipped", "AwaitingReauthorization")));
        foreach (var (id, i) in placed.Select((id, i) => (id, i)).Where(o => outcomes[o.i].GetProperty("status").GetString() == "AwaitingReauthorization"))
        {
            var waiting = outcomes[i];
            Assert.Equal(("shipping", "expired"), (waiting.GetProperty("failedStep").GetString(), waiting.GetProperty("failureReason").GetString()));
            await customers[i % 2].RefreshAsync(Cancellation);
            using var resumed = await customers[i % 2].ResumeAsync(id, Cancellation);
            // 409 only if a copy judged before the token ran out shipped it meanwhile (two copies of one message in
            // flight across the crash): then it must be Shipped, and the checks below count its one shipment.
            var shippedMeanwhile = resumed.StatusCode == HttpStatusCode.Conflict
                && (await customers[i % 2].OrderAsync(id, Cancellation)).GetProperty("status").GetString() == "Shipped";
            Assert.True(resumed.StatusCode == HttpStatusCode.OK || shippedMeanwhile,
                $"resuming {id}: {(int)resumed.StatusCode} {await resumed.Content.ReadAsStringAsync(Cancellation)}");
        }
        await Task.WhenAll(placed.Select((id, i) => customers[i % 2].WaitForStatusAsync(id, Cancellation, "Shipped")));

        // Shipping's own store: exactly one shipment per order, whatever the broker redelivered after the crash.
        var shipments = ShippingStore.ShipmentsPerOrder(App);
        Assert.All(placed, id => Assert.True(shipments.GetValueOrDefault(id) == 1, $"order {id} has {shipments.GetValueOrDefault(id)} shipments in Shipping's store"));
        // No message gave up after its retries: nothing was dead-lettered on the way.
        using var broker = new BrokerManagement(App);
        var dead = await broker.GetAsync("order-placed_error", 10, remove: false, Cancellation);
        Assert.True(dead.Count == 0, $"order-placed_error holds {dead.Count} message(s): {string.Join(" | ", dead.Select(d => d.GetProperty("payload").GetString()))}");

        foreach (var id in placed)
        {
            var shipped = await OrderingTests.Eventually(() => Task.FromResult(callbacks.For(id).FirstOrDefault(c => c.Type == "order.shipped")));
            Assert.True(shipped.SignatureValid);
        }
        // Redeliveries after the crash may repeat messages; they must not repeat callbacks.
        Assert.All(placed, id => Assert.Single(callbacks.For(id), c => c.Type == "order.shipped"));
        Assert.All(placed, id => Assert.True(callbacks.For(id).Select(c => c.Id).Distinct().Count() == callbacks.For(id).Count, $"order {id} got a callback twice"));
    }
}
