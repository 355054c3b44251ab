using System.Diagnostics;
using MassTransit;
using RabbitMQ.Client;
using TokenJourney.Contracts;
using TokenJourney.Contracts.Messaging;

namespace TokenJourney.Benchmarks.Ordering;

public sealed record ThroughputResult(int Messages, TimeSpan Elapsed, TimeSpan ShippingCpu)
{
    public double PerSecond => Messages / Elapsed.TotalSeconds;

    /// <summary>Shipping's own CPU time per message: unlike the rate, it does not move with what else the two cores run.</summary>
    public double CpuMicrosecondsPerMessage => ShippingCpu.TotalMicroseconds / Messages;
}

/// <summary>Shipping draining a backlog: each message's header token is validated, a shipment stored, OrderShipped published.</summary>
public static class ShippingThroughput
{
    /// <summary>Orders' queue for OrderShipped (its endpoint names are prefixed with <c>orders-</c>).</summary>
    private const string OrdersShippedQueue = "orders-order-shipped";

    /// <summary>The fanout exchange MassTransit publishes OrderShipped to (named after the message type).</summary>
    private const string OrderShippedExchange = "TokenJourney.Contracts:OrderShipped";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public static async Task<ThroughputResult> MeasureAsync(Topology topology, int count)
    {
        var (token, subject) = await topology.ShippingTokenAsync();

        // Orders would consume every OrderShipped (for orders it never placed) on the same two cores while Shipping
        // drains; this figure is Shipping's, so Orders waits, and the notices it would have ignored are purged after.
        await topology.App.StopResourceAsync("orders");
        await topology.App.StopResourceAsync("shipping");

        // OrderShipped is counted in a queue of our own that nobody consumes: its depth is read, so the measuring
        // costs the two cores almost nothing (a consumer here would compete with Shipping for them).
        await using var connection = await new ConnectionFactory { Uri = topology.Amqp }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(OrderShippedExchange, ExchangeType.Fanout, durable: true);
        var counter = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(counter, OrderShippedExchange, "");

        await PublishBacklogAsync(topology, count, token, subject);

        Console.WriteLine("Starting Shipping on the backlog...");
        await topology.App.StartResourceAsync("shipping");
        var (elapsed, cpu) = await FirstToLastAsync(channel, counter, count, () => ShippingCpu(topology), TimeSpan.FromMinutes(5));

        var purged = await channel.QueuePurgeAsync(OrdersShippedQueue);
        Console.WriteLine($"Purged {purged} OrderShipped notices for orders Orders never placed.");
        await topology.App.StartResourceAsync("orders");
        return new ThroughputResult(count, elapsed, cpu);
    }

    private static async Task PublishBacklogAsync(Topology topology, int count, string token, string subject)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.UseTokenJourneyConventions(topology.Amqp));
        await bus.StartAsync();
        try
        {
            Console.WriteLine($"Orders and Shipping stopped; publishing {count} OrderPlaced messages with a token header...");
            var publishTime = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, count).Select(_ =>
                bus.Publish(new OrderPlaced(Guid.CreateVersion7(), 1, subject, "tea-sencha", 1, DateTimeOffset.UtcNow),
                    context => context.Headers.Set(TokenHeaders.AccessToken, token))));
            Console.WriteLine($"Published and confirmed in {publishTime.Elapsed.TotalSeconds:F2} s ({count / publishTime.Elapsed.TotalSeconds:F0} messages/s).");
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    /// <summary>
    /// Time and Shipping's CPU time from the first OrderShipped to the last, read from the counting queue's depth every
    /// 10 ms (so the time carries up to 10 ms of polling).
    /// </summary>
    private static async Task<(TimeSpan Elapsed, TimeSpan ShippingCpu)> FirstToLastAsync(
        IChannel channel, string queue, int expected, Func<TimeSpan> cpuTime, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        long? first = null;
        var firstCpu = TimeSpan.Zero;
        while (deadline.Elapsed < timeout)
        {
            var depth = (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
            if (depth > 0 && first is null)
            {
                first = Stopwatch.GetTimestamp();
                firstCpu = cpuTime();
            }
            if (depth >= expected)
            {
                return (Stopwatch.GetElapsedTime(first!.Value), cpuTime() - firstCpu);
            }
            await Task.Delay(PollInterval);
        }
        throw new TimeoutException($"Shipping did not ship {expected} orders within {timeout}.");
    }

    private static TimeSpan ShippingCpu(Topology topology) =>
        topology.App.GetResource("shipping").ProcessIds is [var pid, ..] ? Process.GetProcessById(pid).TotalProcessorTime : TimeSpan.Zero;
}
