using System.Diagnostics;
using MassTransit;
using RabbitMQ.Client;
using TokenJourney.Contracts;
using TokenJourney.Contracts.Messaging;

namespace TokenJourney.Benchmarks.Ordering;

public sealed record ThroughputResult(int Messages, TimeSpan Elapsed, TimeSpan ShippingCpu)
{
    public double PerSecond => (Messages - 1) / Elapsed.TotalSeconds;

    /// <summary>Shipping's own CPU time per message: unlike the rate, it does not move with what else the two cores run.</summary>
    public double CpuMicrosecondsPerMessage => ShippingCpu.TotalMicroseconds / (Messages - 1);
}

/// <summary>Shipping draining a backlog: each message's header token is validated, a shipment stored, OrderShipped published.</summary>
public static class ShippingThroughput
{
    public static async Task<ThroughputResult> MeasureAsync(Topology topology, int count)
    {
        var (token, subject) = await topology.ShippingTokenAsync();
        var shipped = new ShippedCounter(count, () => ShippingCpu(topology));
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
            // Orders would consume every OrderShipped (for orders it never placed) on the same two cores while Shipping
            // drains; this figure is Shipping's, so Orders waits, and the notices it would have ignored are purged.
            await topology.App.StopResourceAsync("orders");
            await topology.App.StopResourceAsync("shipping");
            Console.WriteLine($"Orders and Shipping stopped; publishing {count} OrderPlaced messages with a token header...");
            var publishTime = Stopwatch.StartNew();
            var publishing = new List<Task>(count);
            for (var i = 0; i < count; i++)
            {
                publishing.Add(bus.Publish(new OrderPlaced(Guid.CreateVersion7(), 1, subject, "tea-sencha", 1, DateTimeOffset.UtcNow),
                    context => context.Headers.Set(TokenHeaders.AccessToken, token)));
            }
            await Task.WhenAll(publishing);
            Console.WriteLine($"Published and confirmed in {publishTime.Elapsed.TotalSeconds:F2} s ({count / publishTime.Elapsed.TotalSeconds:F0} messages/s).");
            Console.WriteLine("Starting Shipping on the backlog...");
            await topology.App.StartResourceAsync("shipping");
            var (elapsed, cpu) = await shipped.FirstToLastAsync(TimeSpan.FromMinutes(5));
            await PurgeAsync(topology.Amqp, OrdersShippedQueue);
            await topology.App.StartResourceAsync("orders");
            return new ThroughputResult(count, elapsed, cpu);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>Orders' queue for OrderShipped (its endpoint names are prefixed with <c>orders-</c>).</summary>
    private const string OrdersShippedQueue = "orders-order-shipped";

    private static async Task PurgeAsync(Uri amqp, string queue)
    {
        await using var connection = await new ConnectionFactory { Uri = amqp }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var purged = await channel.QueuePurgeAsync(queue);
        Console.WriteLine($"Purged {purged} OrderShipped notices for orders Orders never placed.");
    }

    private static TimeSpan ShippingCpu(Topology topology) =>
        topology.App.GetResource("shipping").ProcessIds is [var pid, ..] ? Process.GetProcessById(pid).TotalProcessorTime : TimeSpan.Zero;

    /// <summary>Times the first and the last OrderShipped, and Shipping's CPU time at both.</summary>
    private sealed class ShippedCounter(int expected, Func<TimeSpan> cpuTime)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _first;
        private long _last;
        private TimeSpan _firstCpu;
        private TimeSpan _lastCpu;
        private int _count;

        public Task Signal()
        {
            var now = Stopwatch.GetTimestamp();
            var count = Interlocked.Increment(ref _count);
            if (count == 1)
            {
                _first = now;
                _firstCpu = cpuTime();
            }
            if (count == expected)
            {
                _last = now;
                _lastCpu = cpuTime();
                _done.TrySetResult();
            }
            return Task.CompletedTask;
        }

        public async Task<(TimeSpan Elapsed, TimeSpan ShippingCpu)> FirstToLastAsync(TimeSpan timeout)
        {
            await _done.Task.WaitAsync(timeout);
            return (Stopwatch.GetElapsedTime(_first, _last), _lastCpu - _firstCpu);
        }
    }
}
