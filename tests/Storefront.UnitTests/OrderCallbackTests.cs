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
            """{"type":"order.reauthorization_required","timestamp":"2026-11-23T08:00:00Z","data":{"orderId":"42","status":"WaitingForReauthorization","reason":"token expired in the queue"}}"""));

        Assert.NotNull(callback);
        Assert.Equal("42", callback.OrderId);
        Assert.True(callback.RequiresReauthorization);
        Assert.Equal("token expired in the queue", callback.Reason);
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
    [InlineData("WaitingForReauthorization", "waiting for re-authorization")]
    [InlineData("Reauthorized", "re-authorized")]
    [InlineData("Shipped", "shipped")]
    public void Statuses_read_as_words(string status, string words) => Assert.Equal(words, Reauthorizer.Describe(status));
}
