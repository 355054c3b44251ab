using System.Diagnostics;
using MassTransit;
using RabbitMQ.Client;
using TokenJourney.Contracts;
using TokenJourney.Contracts.Messaging;

namespace TokenJourney.Benchmarks.Ordering;

public sealed record ThroughputResult(int Messages, TimeSpan Elapsed, IReadOnlyDictionary<string, TimeSpan> Cpu)
{
    public double PerSecond => Messages / Elapsed.TotalSeconds;

    /// <summary>
    /// A process's CPU time per message during the drain: unlike the rate, Shipping's does not move with what else the
    /// two cores run, and together they say where the cores went.
    /// </summary>
    public double CpuMicrosecondsPerMessage(string process) => Cpu[process].TotalMicroseconds / Messages;
}

/// <summary>Shipping draining a backlog: each message's header token is validated, a shipment stored, OrderShipped published.</summary>
public static class ShippingThroughput
{
    /// <summary>Orders' queue for OrderShipped (its endpoint names are prefixed with <c>orders-</c>).</summary>
    private const string OrdersShippedQueue = "orders-order-shipped";

    /// <summary>The processes whose CPU time is reported: the ones busy during a drain (AppHost is this process).</summary>
    public static readonly string[] Processes = ["shipping", "messaging", "apphost"];

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Two drains of <paramref name="count"/> messages. Cold: Shipping starts on the backlog, the scenario this system
    /// is about (it was down while orders came in), so its first seconds include compiling what ReadyToRun left to the JIT. Warm:
    /// the same process, frozen (SIGSTOP) while a second backlog is published and thawed on it: a consumer's steady rate.
    /// </summary>
    public static async Task<(ThroughputResult Cold, ThroughputResult Warm)> MeasureAsync(RunningSystem system, int count)
    {
        var (token, subject) = await system.ShippingTokenAsync();

        // Orders would consume every OrderShipped (for orders it never placed) on the same two cores while Shipping
        // drains; this figure is Shipping's, so Orders waits. Its queue, which nobody consumes meanwhile, counts the
        // shipments: its depth is read, so the counting costs the cores almost nothing and adds no queue to route to.
        await system.StopResourceAsync("orders");
        await system.StopResourceAsync("shipping");

        await using var connection = await new ConnectionFactory { Uri = system.Amqp }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();

        var before = (await channel.QueueDeclarePassiveAsync(OrdersShippedQueue)).MessageCount;
        await PublishBacklogAsync(system, count, token, subject);
        Console.WriteLine("Starting Shipping on the backlog (cold)...");
        await system.StartResourceAsync("shipping");
        var cold = await DrainAsync(system, channel, before, count);

        // Frozen, Shipping holds at most its prefetch and sends no heartbeats: the broker drops its connection after
        // two missed ones (20 s), longer than publishing 30,000 messages takes here (4-9 s); keep --messages near that.
        var shipping = await system.ProcessIdAsync("shipping");
        await PurgeAsync(channel);
        before = (await channel.QueueDeclarePassiveAsync(OrdersShippedQueue)).MessageCount;
        Signal(shipping, "STOP");
        try
        {
            await PublishBacklogAsync(system, count, token, subject);
        }
        finally
        {
            Console.WriteLine("Thawing Shipping on the backlog (warm)...");
            Signal(shipping, "CONT");
        }
        var warm = await DrainAsync(system, channel, before, count);

        await PurgeAsync(channel);
        await system.StartResourceAsync("orders");
        return (cold, warm);
    }

    /// <summary>
    /// Drops the notices for orders Orders never placed; between the drains too, as Orders would have consumed them,
    /// so that the second drain does not pay for a deeper queue than the first.
    /// </summary>
    private static async Task PurgeAsync(IChannel channel)
    {
        var purged = await channel.QueuePurgeAsync(OrdersShippedQueue);
        Console.WriteLine($"Purged {purged} OrderShipped notices for orders Orders never placed.");
    }

    private static async Task<ThroughputResult> DrainAsync(RunningSystem system, IChannel channel, uint before, int count)
    {
        var pids = new Dictionary<string, int>
        {
            ["shipping"] = await system.ProcessIdAsync("shipping"),
            ["messaging"] = await system.ProcessIdAsync("messaging"),
            ["apphost"] = Environment.ProcessId,
        };
        var (elapsed, cpu) = await FirstToLastAsync(channel, OrdersShippedQueue, before, count, () => CpuTimes(pids), TimeSpan.FromMinutes(5));
        return new ThroughputResult(count, elapsed, cpu);
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", $"{pid}"]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {pid} exited with {kill.ExitCode}.");
        }
    }

    private static async Task PublishBacklogAsync(RunningSystem system, int count, string token, string subject)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.UseTokenJourneyConventions(system.Amqp));
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
    /// Time and each process's CPU time from the first OrderShipped to the last, read from the queue's depth every
    /// 10 ms (so the time carries up to 10 ms of polling).
    /// </summary>
    private static async Task<(TimeSpan Elapsed, Dictionary<string, TimeSpan> Cpu)> FirstToLastAsync(
        IChannel channel, string queue, uint before, int expected, Func<Dictionary<string, TimeSpan>> cpuTimes, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        long? first = null;
        Dictionary<string, TimeSpan> firstCpu = [];
        while (deadline.Elapsed < timeout)
        {
            var shipped = (await channel.QueueDeclarePassiveAsync(queue)).MessageCount - before;
            if (shipped > 0 && first is null)
            {
                first = Stopwatch.GetTimestamp();
                firstCpu = cpuTimes();
            }
            if (shipped >= expected)
            {
                var elapsed = Stopwatch.GetElapsedTime(first!.Value);
                return (elapsed, cpuTimes().ToDictionary(p => p.Key, p => p.Value - firstCpu[p.Key]));
            }
            await Task.Delay(PollInterval);
        }
        throw new TimeoutException($"Shipping did not ship {expected} orders within {timeout}.");
    }

    private static Dictionary<string, TimeSpan> CpuTimes(Dictionary<string, int> pids) =>
        Processes.ToDictionary(name => name, name => Process.GetProcessById(pids[name]).TotalProcessorTime);
}
