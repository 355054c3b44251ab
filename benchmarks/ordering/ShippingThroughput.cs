using System.Diagnostics;
using MassTransit;
using TokenJourney.Contracts;
using TokenJourney.Contracts.Messaging;

namespace TokenJourney.Benchmarks.Ordering;

public sealed record ThroughputResult(int Messages, TimeSpan Elapsed)
{
    public double PerSecond => (Messages - 1) / Elapsed.TotalSeconds;
}

/// <summary>Shipping draining a backlog: each message's header token is validated, a shipment stored, OrderShipped published.</summary>
public static class ShippingThroughput
{
    public static async Task<ThroughputResult> MeasureAsync(Topology topology, int count)
    {
        var (token, subject) = await topology.ShippingTokenAsync();
        var shipped = new ShippedCounter(count);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.UseTokenJourneyConventions(topology.Amqp);
            rabbit.ReceiveEndpoint("benchmark-order-shipped", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<OrderShipped>(_ => shipped.Signal());
            });
        });
        await bus.StartAsync();
        try
        {
            await topology.App.StopResourceAsync("shipping");
            Console.WriteLine($"Shipping stopped; publishing {count} OrderPlaced messages with a token header...");
            var publishing = new List<Task>(count);
            for (var i = 0; i < count; i++)
            {
                publishing.Add(bus.Publish(new OrderPlaced(Guid.CreateVersion7(), 1, subject, "tea-sencha", 1, DateTimeOffset.UtcNow),
                    context => context.Headers.Set(TokenHeaders.AccessToken, token)));
            }
            await Task.WhenAll(publishing);
            Console.WriteLine("Starting Shipping on the backlog...");
            await topology.App.StartResourceAsync("shipping");
            return new ThroughputResult(count, await shipped.FirstToLastAsync(TimeSpan.FromMinutes(5)));
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    private sealed class ShippedCounter(int expected)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _first;
        private long _last;
        private int _count;

        public Task Signal()
        {
            var now = Stopwatch.GetTimestamp();
            if (Interlocked.Increment(ref _count) == 1)
            {
                _first = now;
            }
            if (_count >= expected)
            {
                _last = now;
                _done.TrySetResult();
            }
            return Task.CompletedTask;
        }

        public async Task<TimeSpan> FirstToLastAsync(TimeSpan timeout)
        {
            await _done.Task.WaitAsync(timeout);
            return Stopwatch.GetElapsedTime(_first, _last);
        }
    }
}
