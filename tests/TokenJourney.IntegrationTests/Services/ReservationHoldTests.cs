using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;
using TokenJourney.IntegrationTests.Ordering;

namespace TokenJourney.IntegrationTests.Services;

/// <summary>
/// A reservation is a hold until Orders confirms that its order was committed; Inventory releases a hold nobody confirmed
/// within its window (here <see cref="TokenJourneyFixture.HoldWindow"/>). Reservations are made directly at Inventory with
/// tokens exchanged as Orders exchanges them, and confirmed with Orders' own token, as its ReservationConfirmer does.
/// </summary>
public sealed class ReservationHoldTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    /// <summary>Sold by no other test, so the counts here are this class's alone (its tests run one after another).</summary>
    private const string Sku = "teapot-cast-iron";

    private readonly ServiceTokens _tokens = new(app);

    [Fact]
    public async Task A_reservation_whose_order_was_never_placed_is_released_after_the_hold_window_and_its_stock_returned()
    {
        var stock = await AvailableAsync();
        var orderId = await ReserveAsync(3);
        Assert.Equal(stock - 3, await AvailableAsync());

        var released = await WaitUntilReleasedAsync(orderId);
        Assert.Null(released.ConfirmedAt);
        Assert.True(released.ReleasedAt >= released.ReservedAt + TokenJourneyFixture.HoldWindow,
            $"released at {released.ReleasedAt:O}, before the {TokenJourneyFixture.HoldWindow.TotalSeconds:0} s window from {released.ReservedAt:O} had passed");
        await AssertLoggedAsync($"Order {orderId}: hold of 3 x {Sku} released, not confirmed within {TokenJourneyFixture.HoldWindow.TotalSeconds:0} s");
        Assert.Equal(stock, await AvailableAsync());
    }

    [Fact]
    public async Task A_confirmed_reservation_is_never_released_and_a_second_confirmation_changes_nothing()
    {
        var stock = await AvailableAsync();
        var confirmed = await ReserveAsync(2);
        // Made at the same time and never confirmed: once it is released, a sweep past the window has seen both.
        var unconfirmed = await ReserveAsync(1);

        var first = await ConfirmAsync(confirmed);
        var confirmedAt = ServiceStores.Reservation(App, confirmed)?.ConfirmedAt;
        Assert.NotNull(confirmedAt);
        var second = await ConfirmAsync(confirmed);
        Assert.Equal([confirmed], Ids(first, "confirmed"));
        Assert.Equal([confirmed], Ids(second, "confirmed"));
        Assert.Equal(confirmedAt, ServiceStores.Reservation(App, confirmed)?.ConfirmedAt);
        Assert.Equal(stock - 3, await AvailableAsync());

        // Only Orders' own token confirms: a customer's token for Inventory (inventory:reserve) may not.
        using (var refused = await _tokens.SendAsync("inventory", HttpMethod.Post, "/reservations/confirmations", await CustomerTokenAsync(),
                   new { orderIds = new[] { unconfirmed } }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        await WaitUntilReleasedAsync(unconfirmed);
        var kept = ServiceStores.Reservation(App, confirmed)!;
        Assert.True(kept.Held, $"the confirmed reservation was released at {kept.ReleasedAt:O}");
        Assert.Equal(confirmedAt, kept.ConfirmedAt);
        Assert.Equal(stock - 2, await AvailableAsync());
        // Its order exists: nobody may give its stock back, not even the customer whose reservation it is.
        using (var release = await _tokens.SendAsync("inventory", HttpMethod.Delete, $"/reservations/{confirmed}", await CustomerTokenAsync()))
        {
            Assert.Equal(HttpStatusCode.Conflict, release.StatusCode);
        }
        Assert.Equal(stock - 2, await AvailableAsync());
    }

    [Fact]
    public async Task A_confirmation_that_comes_after_its_hold_was_released_takes_the_stock_again_once()
    {
        var stock = await AvailableAsync();
        var orderId = await ReserveAsync(1);
        await WaitUntilReleasedAsync(orderId);
        Assert.Equal(stock, await AvailableAsync());

        // Orders could not confirm for longer than the window (it, or the identity provider, was down): the order exists
        // and will ship, so its stock is taken again.
        Assert.Equal([orderId], Ids(await ConfirmAsync(orderId), "confirmed"));
        Assert.Equal(stock - 1, await AvailableAsync());
        var reservation = ServiceStores.Reservation(App, orderId)!;
        Assert.True(reservation is { Held: true, ConfirmedAt: not null }, $"after the late confirmation: {reservation}");
        await AssertLoggedAsync($"Order {orderId}: confirmed after its hold was released; 1 x {Sku} taken again");

        await ConfirmAsync(orderId);
        Assert.Equal(stock - 1, await AvailableAsync());
        Assert.Equal(reservation, ServiceStores.Reservation(App, orderId));
    }

    [Fact]
    public async Task An_order_placed_through_the_gateway_has_its_reservation_confirmed_by_Orders()
    {
        var customer = new Customer(App, "bob");
        var orderId = await customer.PlaceOkAsync(Sku, 1, null, Cancellation);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        StoredReservation? reservation;
        while ((reservation = ServiceStores.Reservation(App, orderId)) is not { ConfirmedAt: not null } && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, Cancellation);
        }
        Assert.True(reservation is { Held: true, ConfirmedAt: not null }, $"order {orderId}'s reservation: {reservation?.ToString() ?? "none"}");
    }

    /// <summary>A customer's token exchanged for Inventory, fresh each time: the journey-tests client's tokens live 15 s.</summary>
    private async Task<string> CustomerTokenAsync() =>
        await _tokens.ExchangeAsync(await _tokens.CustomerAsync("alice"), "inventory:reserve", "inventory");

    private async Task<Guid> ReserveAsync(int quantity)
    {
        var orderId = Guid.NewGuid();
        using var response = await _tokens.SendAsync("inventory", HttpMethod.Post, "/reservations", await CustomerTokenAsync(), new { orderId, sku = Sku, quantity });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return orderId;
    }

    private async Task<JsonElement> ConfirmAsync(Guid orderId)
    {
        using var response = await _tokens.SendAsync("inventory", HttpMethod.Post, "/reservations/confirmations",
            await _tokens.OrdersServiceAsync("inventory:confirm"), new { orderIds = new[] { orderId } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private static Guid[] Ids(JsonElement answer, string property) => [.. answer.GetProperty(property).EnumerateArray().Select(e => e.GetGuid())];

    /// <summary>Polls Inventory's store until the reservation is released: one window and a generous margin.</summary>
    private async Task<StoredReservation> WaitUntilReleasedAsync(Guid orderId)
    {
        var deadline = DateTime.UtcNow + TokenJourneyFixture.HoldWindow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (ServiceStores.Reservation(App, orderId) is { Held: false } released)
            {
                return released;
            }
            await Task.Delay(500, Cancellation);
        }
        Assert.Fail($"order {orderId}'s hold was not released within the {TokenJourneyFixture.HoldWindow.TotalSeconds:0} s window and 60 s more: {ServiceStores.Reservation(App, orderId)}");
        return null!;
    }

    /// <summary>Inventory's console reaches the test host a moment after the line is written: polled, generous deadline.</summary>
    private async Task AssertLoggedAsync(string line)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!App.Logs("inventory").Contains(line, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, Cancellation);
        }
        Assert.Contains(line, App.Logs("inventory"));
    }

    private async Task<int> AvailableAsync()
    {
        using var response = await _tokens.SendAsync("inventory", HttpMethod.Get, "/stock", await CustomerTokenAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return items.EnumerateArray().Single(i => i.GetProperty("sku").GetString() == Sku).GetProperty("available").GetInt32();
    }
}
