// The three ways to share a token, measured on the composed system (real IdP, signatures, RabbitMQ, Redis), one run:
// the same order flow (POST through the gateway until GET says Shipped) under each strategy, then one table.
//   forward            gateway /api/orders forwards the customer's JWT; Orders exchanges for Inventory and Shipping
//   exchange           gateway /exchanged/api/orders exchanges it for audience orders; Orders exchanges as above
//   embed (edge)       gateway /embedded/api/orders forwards the embedded orders token; Orders exchanges as above
//   embed (all hops)   as embed (edge), and Orders takes Inventory's token from the orders token (a second system,
//                      Orders:InventoryTokenStrategy=embed); Shipping's token is exchanged under every strategy
// Usage: dotnet run -c Release --project benchmarks/strategies [-- --orders 40]
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TokenJourney.Benchmarks.Strategies;

public static class StrategiesBenchmark
{
    public static async Task<int> Main()
    {
        var orders = Option("--orders", 40);
        Console.WriteLine($"Token strategies, {orders} orders each (after 5 warm-up), {Environment.ProcessorCount} cores.");
        var results = new List<StrategyResult>();

        Console.WriteLine("Starting the system with Orders exchanging for Inventory...");
        await using (var system = await StartAsync("exchange"))
        {
            results.AddRange(await StrategyRun.MeasureAsync(system,
            [
                new("forward", "/api/orders", "forward", "exchange"),
                new("exchange", "/exchanged/api/orders", "exchange", "exchange"),
                new("embed (edge)", "/embedded/api/orders", "embed", "exchange"),
            ], orders));
        }

        // Orders' strategy is its configuration, so embedding on both hops needs a system of its own: its latency was
        // measured at another moment than the other three (compare with care on a shared machine).
        Console.WriteLine("Starting the system with Orders embedding for Inventory...");
        await using (var system = await StartAsync("embed"))
        {
            results.AddRange(await StrategyRun.MeasureAsync(system, [new("embed (all hops)", "/embedded/api/orders", "embed", "embed")], orders));
        }

        Console.WriteLine();
        Console.WriteLine(StrategyTable.Render(results));
        // Latency on a shared 2-core machine says little without the load it was measured under.
        Console.WriteLine($"Load average (1, 5, 15 min) at the end: {string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}");
        return 0;
    }

    /// <summary>
    /// The system with Orders on the given Inventory token strategy (the storefront stays: Orders' webhook settings name
    /// its endpoint). The table is the output: the resources' own log lines stay in their processes.
    /// </summary>
    private static Task<RunningSystem> StartAsync(string inventoryTokenStrategy) => RunningSystem.StartAsync(builder =>
    {
        builder.Services.AddLogging(logging => logging.AddFilter("AppHost.Resources", LogLevel.None).AddFilter("Aspire.Hosting", LogLevel.Warning)
            .AddFilter("TokenJourney.AppHost", LogLevel.Warning).AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        builder.CreateResourceBuilder<IResourceWithEnvironment>("orders").WithEnvironment("Orders__InventoryTokenStrategy", inventoryTokenStrategy);
    });

    private static int Option(string name, int fallback)
    {
        var args = Environment.GetCommandLineArgs();
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
