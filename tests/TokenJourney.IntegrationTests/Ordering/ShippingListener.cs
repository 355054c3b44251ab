using System.Collections.Concurrent;
using MassTransit;
using TokenJourney.Contracts;
using TokenJourney.Contracts.Messaging;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>
/// Talks to Shipping the way Orders does, over the real broker with the services' conventions: publishes an
/// <see cref="OrderPlaced"/> with a token in its header, and hears what Shipping answers about that order.
/// </summary>
internal sealed class ShippingListener : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<OrderAuthorizationFailed>> _refusals = new();
    private readonly IBusControl _bus;

    private ShippingListener(TokenJourneyFixture app)
    {
        _bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.UseTokenJourneyConventions(new Uri(app.ConnectionString("messaging")));
            rabbit.ReceiveEndpoint($"shipping-listener-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<OrderAuthorizationFailed>(context =>
                {
                    Refusal(context.Message.OrderId).TrySetResult(context.Message);
                    return Task.CompletedTask;
                });
            });
        });
    }

    public static async Task<ShippingListener> StartAsync(TokenJourneyFixture app)
    {
        var listener = new ShippingListener(app);
        await listener._bus.StartAsync(TestContext.Current.CancellationToken);
        return listener;
    }

    public Task PublishOrderPlacedAsync(Guid orderId, string customerSubject, string token, string sku = "tea-sencha") =>
        _bus.Publish(new OrderPlaced(orderId, 1, customerSubject, sku, 1, DateTimeOffset.UtcNow),
            context => context.Headers.Set(TokenHeaders.AccessToken, token), TestContext.Current.CancellationToken);

    /// <summary>Shipping's refusal of the order's message (fails the test if none comes within 60 s).</summary>
    public Task<OrderAuthorizationFailed> RefusalAsync(Guid orderId) =>
        Refusal(orderId).Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

    private TaskCompletionSource<OrderAuthorizationFailed> Refusal(Guid orderId) =>
        _refusals.GetOrAdd(orderId, _ => new TaskCompletionSource<OrderAuthorizationFailed>(TaskCreationOptions.RunContinuationsAsynchronously));

    public async ValueTask DisposeAsync() => await _bus.StopAsync(CancellationToken.None);
}
