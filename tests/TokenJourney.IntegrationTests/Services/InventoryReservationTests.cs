using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Services;

/// <summary>Inventory's reservation outcomes, called directly with tokens exchanged as Orders exchanges them.</summary>
public sealed class InventoryReservationTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    /// <summary>Five in stock and sold by no other test, so the counts here are this test's alone.</summary>
    private const string Sku = "kettle-gooseneck";

    private readonly ServiceTokens _tokens = new(app);

    [Fact]
    public async Task Inventory_reserves_from_stock_answers_a_retry_as_before_refuses_conflicts_unknown_items_and_shortage_and_releases_once()
    {
        var alice = await _tokens.ExchangeAsync(await _tokens.CustomerAsync("alice"), "inventory:reserve", "inventory");
        var bob = await _tokens.ExchangeAsync(await _tokens.CustomerAsync("bob"), "inventory:reserve", "inventory");
        var stock = await AvailableAsync(alice);
        var orderId = Guid.NewGuid();

        using (var reserved = await ReserveAsync(alice, orderId, Sku, 2))
        {
            Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
            Assert.Equal($"/reservations/{orderId}", reserved.Headers.Location?.ToString());
            Assert.Equal(2, (await reserved.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("quantity").GetInt32());
        }
        Assert.Equal(stock - 2, await AvailableAsync(alice));

        // A retry of the same reservation (Orders retries on a timeout) answers as the first did and takes nothing more.
        using (var retried = await ReserveAsync(alice, orderId, Sku, 2))
        {
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        }
        Assert.Equal(stock - 2, await AvailableAsync(alice));

        await AssertProblemAsync(await ReserveAsync(alice, orderId, Sku, 3), HttpStatusCode.Conflict, "This order id already has a different reservation.");
        await AssertProblemAsync(await ReserveAsync(bob, orderId, Sku, 2), HttpStatusCode.Conflict, "This order id already has a different reservation.");
        await AssertProblemAsync(await ReserveAsync(alice, Guid.NewGuid(), Sku, stock - 2 + 1), HttpStatusCode.Conflict, $"Not enough '{Sku}' in stock.", "Out of stock");
        await AssertProblemAsync(await ReserveAsync(alice, Guid.NewGuid(), "no-such-item", 1), HttpStatusCode.NotFound, "Unknown sku 'no-such-item'.", "Unknown item");
        using (var invalid = await ReserveAsync(alice, Guid.NewGuid(), Sku, 0))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("errors").TryGetProperty("request", out _));
        }
        Assert.Equal(stock - 2, await AvailableAsync(alice));

        // Only the customer whose reservation it is can release it; releasing twice gives the stock back once.
        await AssertProblemAsync(await _tokens.SendAsync("inventory", HttpMethod.Delete, $"/reservations/{orderId}", bob), HttpStatusCode.NotFound, "No reservation for this order.");
        Assert.Equal(stock - 2, await AvailableAsync(alice));
        for (var release = 0; release < 2; release++)
        {
            using var released = await _tokens.SendAsync("inventory", HttpMethod.Delete, $"/reservations/{orderId}", alice);
            Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
            Assert.Equal(stock, await AvailableAsync(alice));
        }
    }

    private Task<HttpResponseMessage> ReserveAsync(string token, Guid orderId, string sku, int quantity) =>
        _tokens.SendAsync("inventory", HttpMethod.Post, "/reservations", token, new { orderId, sku, quantity });

    private async Task<int> AvailableAsync(string token)
    {
        using var response = await _tokens.SendAsync("inventory", HttpMethod.Get, "/stock", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return items.EnumerateArray().Single(i => i.GetProperty("sku").GetString() == Sku).GetProperty("available").GetInt32();
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail, string? title = null)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.Equal(detail, problem.GetProperty("detail").GetString());
            if (title is not null)
            {
                Assert.Equal(title, problem.GetProperty("title").GetString());
            }
        }
    }
}
