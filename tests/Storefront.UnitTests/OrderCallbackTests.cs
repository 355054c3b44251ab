using System.Text;
using TokenJourney.Storefront.Orders;
using TokenJourney.Storefront.Webhooks;

namespace TokenJourney.Storefront.UnitTests;

public sealed class OrderCallbackTests
{
    [Fact]
    public void A_reauthorization_request_in_the_standard_webhooks_shape_is_understood()
    {
        var callback = OrderCallback.Parse(Encoding.UTF8.GetBytes(
            """{"type":"order.reauthorization_required","timestamp":"2026-11-23T08:00:00Z","data":{"orderId":"42","status":"AwaitingReauthorization","reason":"token expired in the queue"}}"""));

        Assert.NotNull(callback);
        Assert.Equal("42", callback.OrderId);
        Assert.True(callback.RequiresReauthorization);
        Assert.Equal("token expired in the queue", callback.Reason);
    }

    [Fact]
    public void Orders_status_AwaitingReauthorization_asks_for_a_refresh_whatever_the_event_is_called()
    {
        var callback = OrderCallback.Parse(Encoding.UTF8.GetBytes("""{"type":"order.updated","data":{"orderId":"42","status":"AwaitingReauthorization"}}"""));

        Assert.NotNull(callback);
        Assert.True(callback.RequiresReauthorization);
    }

    [Fact]
    public void A_shipped_notice_does_not_trigger_a_refresh()
    {
        var callback = OrderCallback.Parse(Encoding.UTF8.GetBytes("""{"type":"order.shipped","data":{"id":"42","status":"Shipped"}}"""));
        Assert.NotNull(callback);
        Assert.False(callback.RequiresReauthorization);
    }

    [Fact]
    public void A_body_that_names_no_order_is_ignored()
    {
        Assert.Null(OrderCallback.Parse(Encoding.UTF8.GetBytes("""{"type":"ping"}""")));
        Assert.Null(OrderCallback.Parse(Encoding.UTF8.GetBytes("not json")));
    }

    [Theory]
    [InlineData("AwaitingReauthorization", "awaiting re-authorization")]
    [InlineData("Reauthorized", "re-authorized")]
    [InlineData("Shipped", "shipped")]
    public void Statuses_read_as_words(string status, string words) => Assert.Equal(words, Reauthorizer.Describe(status));
}
