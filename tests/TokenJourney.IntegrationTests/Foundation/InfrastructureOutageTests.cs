using System.Net;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Foundation;

[Collection(DisruptiveCollection.Name)]
public sealed class InfrastructureOutageTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task Gateway_health_turns_unhealthy_while_Redis_is_stopped_and_recovers_when_it_restarts()
    {
        using var gateway = App.CreateHttpClient("gateway");

        await App.StopResourceAsync("cache");
        try
        {
            await WaitForHealthAsync(gateway, HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await App.StartResourceAsync("cache");
        }
        await WaitForHealthAsync(gateway, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Orders_and_Shipping_health_turn_unhealthy_while_RabbitMQ_is_stopped_and_recover_when_it_restarts()
    {
        using var orders = App.CreateHttpClient("orders");
        using var shipping = App.CreateHttpClient("shipping");

        await App.StopResourceAsync("messaging");
        try
        {
            await WaitForHealthAsync(orders, HttpStatusCode.ServiceUnavailable);
            await WaitForHealthAsync(shipping, HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await App.StartResourceAsync("messaging");
        }
        await WaitForHealthAsync(orders, HttpStatusCode.OK);
        await WaitForHealthAsync(shipping, HttpStatusCode.OK);
    }
}
