// Two figures on the composed system (real RabbitMQ, real services, real signatures), one run:
//  1. Shipping consumer throughput with per-message token validation: N OrderPlaced messages wait in the queue while
//     Shipping is stopped; Shipping starts and drains them (cold); then, frozen, it gets N more and drains them warm.
//     Rate = messages between the first and last OrderShipped, plus the CPU time per message of Shipping, RabbitMQ and
//     the AppHost process (this one: Aspire's test host runs AppHost in it; DCP and the dashboard are processes of their own). Orders is stopped meanwhile (see ShippingThroughput).
//  2. Order latency through the gateway to Shipped: one order at a time, POST until GET says Shipped; p50 and p99.
// Usage: dotnet run -c Release --project benchmarks/ordering [-- --messages 5000 --orders 200]
namespace TokenJourney.Benchmarks.Ordering;

public static class OrderingBenchmark
{
    public static async Task<int> Main()
    {
        var messages = Option("--messages", 5000);
        var orders = Option("--orders", 200);

        Console.WriteLine($"Starting AppHost's system through Aspire's test host ({Environment.ProcessorCount} cores)...");
        await using var system = await RunningSystem.StartAsync();
        var (cold, warm) = await ShippingThroughput.MeasureAsync(system, messages);
        Report("cold", cold);
        Report("warm", warm);

        var latency = await OrderLatency.MeasureAsync(system, orders);
        Console.WriteLine($"Order through the gateway to Shipped ({latency.Count} orders, one at a time): p50 {latency.P50Ms:F1} ms, p99 {latency.P99Ms:F1} ms");
        return 0;
    }

    private static void Report(string drain, ThroughputResult result)
    {
        Console.WriteLine($"Shipping consumer, {drain}: {result.Messages} messages validated and shipped in {result.Elapsed.TotalSeconds:F2} s = {result.PerSecond:F0} messages/s");
        Console.WriteLine("  CPU time per message during the drain: " + string.Join(", ",
            ShippingThroughput.Processes.Select(p => $"{p} {result.CpuMicrosecondsPerMessage(p):F0} µs")));
    }

    private static int Option(string name, int fallback)
    {
        var args = Environment.GetCommandLineArgs();
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
