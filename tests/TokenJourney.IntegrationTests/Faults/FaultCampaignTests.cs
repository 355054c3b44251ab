using System.Diagnostics;
using System.Net;
using System.Text;
using Aspire.Hosting.ApplicationModel;
using TokenJourney.IntegrationTests.Hosting;
using TokenJourney.IntegrationTests.Ordering;

namespace TokenJourney.IntegrationTests.Faults;

/// <summary>
/// Orders keep coming while every component of the system is killed with SIGKILL in turn and comes back. Afterwards the
/// services' own stores must show every order shipped exactly once. CI runs a short campaign; benchmarks/faults runs
/// longer ones through the environment variables below.
/// </summary>
[Collection(DisruptiveCollection.Name)]
public sealed class FaultCampaignTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    /// <summary>Infrastructure (not restarted by AppHost) stays down this long before the campaign starts it again.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(RunLength.FromEnvironment("FAULT_CAMPAIGN_OUTAGE_SECONDS", 3));

    /// <summary>How long orders flow between two faults.</summary>
    private static readonly TimeSpan Calm = TimeSpan.FromSeconds(RunLength.FromEnvironment("FAULT_CAMPAIGN_CALM_SECONDS", 2));

    private static readonly string[] Components = ["identity", "cache", "messaging", "gateway", "orders", "inventory", "shipping", "storefront"];

    /// <summary>Started again by the campaign; the .NET services are restarted by AppHost's restart policy.</summary>
    private static readonly string[] Infrastructure = ["cache", "messaging"];

    private sealed record FaultTimes(string Component, TimeSpan ToHealthy, TimeSpan ToFirstShipped);

    [Fact]
    public async Task Every_component_killed_in_turn_while_orders_flow_loses_no_acknowledged_order_and_ships_each_exactly_once()
    {
        // No warm-up order: a service that has not fetched the provider's keys yet when the provider dies answers 503 and
        // holds its messages until the provider is back, so the campaign may start on a system that has served nothing.
        var probe = new Customer(App, "alice");
        var began = DateTimeOffset.UtcNow;
        var deadBefore = await ErrorQueueMessagesAsync();
        var times = new List<FaultTimes>();
        await using (var traffic = new OrderTraffic(App, ["alice", "alice", "bob", "bob"], TimeSpan.FromMilliseconds(500)))
        {
            traffic.Start();
            foreach (var component in Components)
            {
                await Task.Delay(Calm, Cancellation);
                traffic.Phase = component;
                times.Add(await KillAndRecoverAsync(component, probe));
                traffic.Phase = "steady";
            }
            await Task.Delay(Calm, Cancellation);
            await traffic.StopAsync();

            var stored = await SettleAsync(traffic, began);
            var reservations = await SettleHoldsAsync(began);
            var everStored = ServiceStores.Orders(App).Select(o => o.Id).ToHashSet();
            var orphans = reservations.Count(r => !everStored.Contains(r.OrderId));
            var report = Report(traffic.Attempts, stored, times, orphans);
            TestContext.Current.TestOutputHelper?.WriteLine(report);
            TestContext.Current.AddAttachment("fault-campaign.md", report);
            AssertNothingLostNothingTwice(traffic.Attempts, stored, began, reservations);
        }
        var dead = (await ErrorQueueMessagesAsync()).Except(deadBefore).ToList();
        Assert.True(dead.Count == 0, $"{dead.Count} message(s) went to an error queue during the campaign: {string.Join(" | ", dead.Take(5))}");
    }

    /// <summary>SIGKILL, back to healthy, then the first order placed after the kill that reaches Shipped.</summary>
    private async Task<FaultTimes> KillAndRecoverAsync(string component, Customer probe)
    {
        var clock = Stopwatch.StartNew();
        var killed = App.KillResource(component);
        try
        {
            await App.App.ResourceNotifications.WaitForResourceAsync(component,
                    e => e.Snapshot.State?.Text is { } s && KnownResourceStates.TerminalStates.Contains(s), Cancellation)
                .WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        }
        finally
        {
            if (Infrastructure.Contains(component))
            {
                await Task.Delay(Outage, CancellationToken.None);
                await App.StartResourceAsync(component);
            }
        }
        await App.WaitUntilHealthyAsync(component, TimeSpan.FromSeconds(120));
        Assert.NotEqual(killed, App.ProcessId(component));
        var toHealthy = clock.Elapsed;

        // A dependency of the order path (the gateway's Redis, Orders' broker connection) may need a moment after the
        // component is healthy: retry what the system says is retryable, as a client would.
        Guid? id = null;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (id is null && DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await probe.PlaceAsync("mug-stoneware", 1, null, Cancellation);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    id = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("id").GetGuid();
                }
            }
            catch (HttpRequestException)
            {
                // Connection refused: the gateway or the IdP is still starting.
            }
            if (id is null)
            {
                await Task.Delay(250, Cancellation);
            }
        }
        Assert.True(id is not null, $"no order could be placed within 120 s after {component} came back");
        var shipped = await probe.WaitForStatusAsync(id.Value, Cancellation, "Shipped", "AwaitingReauthorization");
        if (shipped.GetProperty("status").GetString() == "AwaitingReauthorization")
        {
            await probe.RefreshAsync(Cancellation);
            using var resumed = await probe.ResumeAsync(id.Value, Cancellation);
            await probe.WaitForStatusAsync(id.Value, Cancellation, "Shipped");
        }
        return new FaultTimes(component, toHealthy, clock.Elapsed);
    }

    /// <summary>
    /// Waits until every order in Orders' store is Shipped; an order whose token expired while it waited (the only
    /// reason allowed to stop one) is resumed with a refreshed token by its customer, as the client app does.
    /// </summary>
    private async Task<IReadOnlyList<StoredOrder>> SettleAsync(OrderTraffic traffic, DateTimeOffset began)
    {
        var subjects = new Dictionary<string, Customer>();
        foreach (var customer in traffic.Customers.Values)
        {
            subjects[Customer.Payload(await customer.TokenAsync(Cancellation)).GetProperty("sub").GetString()!] = customer;
        }
        var resumed = new HashSet<Guid>();
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            // The campaign's orders: other tests' orders (some left waiting on purpose) are theirs to check.
            var orders = ServiceStores.Orders(App).Where(o => o.CreatedAt >= began).ToList();
            var waiting = orders.Where(o => o.Status != "Shipped").ToList();
            if (waiting.Count == 0 || DateTime.UtcNow > deadline)
            {
                return orders;
            }
            foreach (var order in waiting.Where(o => o.Status == "AwaitingReauthorization" && resumed.Add(o.Id)))
            {
                Assert.True((order.FailedStep, order.FailureReason) == ("shipping", "expired"),
                    $"order {order.Id} awaits re-authorization for {order.FailedStep}/{order.FailureReason}, not an expired token");
                var customer = subjects[order.Subject];
                await customer.RefreshAsync(Cancellation);
                using var response = await customer.ResumeAsync(order.Id, Cancellation);
                Assert.True(response.IsSuccessStatusCode, $"resuming {order.Id}: {(int)response.StatusCode}");
            }
            await Task.Delay(500, Cancellation);
        }
    }

    /// <summary>
    /// Waits until Inventory's reservations made since the campaign began agree with Orders' store: every order's
    /// reservation confirmed and held, every other one released. A placement interrupted between the reservation and
    /// the commit (an Orders or Inventory kill) leaves a hold that only the hold window ends, so this waits for one window
    /// and a generous margin, then returns what Inventory stores (any disagreement left is for the assertions to name).
    /// </summary>
    private async Task<IReadOnlyList<StoredReservation>> SettleHoldsAsync(DateTimeOffset began)
    {
        var deadline = DateTime.UtcNow + TokenJourneyFixture.HoldWindow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var orders = ServiceStores.Orders(App).Select(o => o.Id).ToHashSet();
            var reservations = ServiceStores.Reservations(App).Where(r => r.ReservedAt >= began).ToList();
            var settled = reservations.All(r => orders.Contains(r.OrderId) ? r.Held && r.ConfirmedAt is not null : !r.Held);
            if (settled || DateTime.UtcNow > deadline)
            {
                return reservations;
            }
            await Task.Delay(1000, Cancellation);
        }
    }

    private void AssertNothingLostNothingTwice(IReadOnlyCollection<Attempt> attempts, IReadOnlyList<StoredOrder> stored, DateTimeOffset began,
        IReadOnlyList<StoredReservation> reservations)
    {
        var inOrders = stored.ToDictionary(o => o.Id);
        var everStored = ServiceStores.Orders(App).Select(o => o.Id).ToHashSet();
        var shipments = ShippingStore.ShipmentsPerOrder(App);

        Assert.All(attempts.Where(a => a.Acknowledged), a => Assert.True(inOrders.ContainsKey(a.OrderId!.Value), $"acknowledged order {a.OrderId} is not in Orders' store"));
        Assert.All(stored, o => Assert.True(o.Status == "Shipped", $"order {o.Id} ended {o.Status} ({o.FailedStep}/{o.FailureReason})"));
        Assert.All(stored, o => Assert.True(shipments.GetValueOrDefault(o.Id) == 1, $"order {o.Id} has {shipments.GetValueOrDefault(o.Id)} shipments in Shipping's store"));
        Assert.All(ShippingStore.ShippedSince(App, began), id => Assert.True(everStored.Contains(id), $"Shipping shipped {id}, which Orders never stored"));
        // No reservation without its order: a placement a kill interrupted between the reservation and the commit left a
        // hold, and the hold window released it. And no order without its stock: every order's reservation was confirmed.
        Assert.All(reservations.Where(r => !everStored.Contains(r.OrderId)), r => Assert.False(r.Held,
            $"Inventory still holds a reservation for {r.OrderId} (made {r.ReservedAt:O}), which Orders never stored, after the {TokenJourneyFixture.HoldWindow.TotalSeconds:0} s hold window"));
        var byOrder = reservations.ToDictionary(r => r.OrderId);
        Assert.All(stored, o => Assert.True(byOrder.GetValueOrDefault(o.Id) is { Held: true, ConfirmedAt: not null },
            $"order {o.Id}'s reservation is {(byOrder.GetValueOrDefault(o.Id) is { } r ? $"{(r.Held ? "held" : "released")}, {(r.ConfirmedAt is null ? "unconfirmed" : "confirmed")}" : "missing")} in Inventory's store"));
        // The campaign is only worth something if orders were acknowledged around every fault.
        Assert.All(Components, c => Assert.Contains(attempts, a => a.Phase == c));
    }

    /// <summary>What waits in the error queues now, by message id: other tests leave messages there on purpose.</summary>
    private async Task<HashSet<string>> ErrorQueueMessagesAsync()
    {
        using var broker = new BrokerManagement(App);
        var ids = new HashSet<string>();
        foreach (var queue in (await broker.QueueNamesAsync(Cancellation)).Where(q => q.EndsWith("_error", StringComparison.Ordinal)))
        {
            foreach (var message in await broker.GetAsync(queue, 1000, remove: false, Cancellation))
            {
                ids.Add($"{queue}: {(message.GetProperty("properties").TryGetProperty("message_id", out var id) ? id.GetString() : message.GetProperty("payload").GetString())}");
            }
        }
        return ids;
    }

    private static string Report(IReadOnlyCollection<Attempt> attempts, IReadOnlyList<StoredOrder> stored, List<FaultTimes> times, int orphans)
    {
        var shipped = stored.Where(o => o.Status == "Shipped").Select(o => o.Id).ToHashSet();
        var text = new StringBuilder("| phase | attempted | acknowledged | shipped | lost | other answers | kill to healthy | kill to first order shipped |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var phase in Components.Prepend("steady"))
        {
            var during = attempts.Where(a => a.Phase == phase).ToList();
            var acknowledged = during.Where(a => a.Acknowledged).ToList();
            var others = string.Join(", ", during.Where(a => !a.Acknowledged).GroupBy(a => a.Outcome).Select(g => $"{g.Count()} × {g.Key}"));
            var fault = times.FirstOrDefault(t => t.Component == phase);
            text.Append($"| {phase} | {during.Count} | {acknowledged.Count} | {acknowledged.Count(a => shipped.Contains(a.OrderId!.Value))} | " +
                $"{acknowledged.Count(a => !stored.Any(o => o.Id == a.OrderId))} | {(others.Length == 0 ? "-" : others)} | " +
                $"{(fault is null ? "-" : $"{fault.ToHealthy.TotalSeconds:0.0} s")} | {(fault is null ? "-" : $"{fault.ToFirstShipped.TotalSeconds:0.0} s")} |\n");
        }
        var unacknowledged = stored.Count - attempts.Count(a => a.Acknowledged) - times.Count;
        text.Append($"\nOrders' store: {stored.Count} orders ({times.Count} placed by the probe after each fault, {unacknowledged} stored although the " +
            "client got no 201: the answer was lost with a killed process), all shipped once according to Shipping's store; " +
            $"{orphans} reservation(s) whose order was never committed (a placement a kill interrupted), all released by the " +
            $"{TokenJourneyFixture.HoldWindow.TotalSeconds:0} s hold window; every order's reservation confirmed.\n");
        return text.ToString();
    }
}
