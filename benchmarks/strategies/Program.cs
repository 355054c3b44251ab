// The three ways to share a token, measured on the composed system (real IdP, signatures, RabbitMQ, Redis), one run:
// the same order flow (POST through the gateway until GET says Shipped) under each strategy, then one table.
//   forward            gateway /api/orders forwards the customer's JWT; Orders exchanges for Inventory and Shipping
//   exchange           gateway /exchanged/api/orders exchanges it for audience orders; Orders exchanges as above
//   embed (edge)       gateway /embedded/api/orders forwards the embedded orders token; Orders exchanges as above
//   embed (all hops)   as embed (edge), and Orders takes Inventory's token from the orders token (a second system,
//                      Orders:InventoryTokenStrategy=embed); Shipping's token is exchanged under every strategy
// Usage: dotnet run -c Release --project benchmarks/strategies [-- --orders 40]
namespace TokenJourney.Benchmarks.Strategies;

public static class StrategiesBenchmark
{
    public static async Task<int> Main()
    {
        var orders = Option("--orders", 40);
        Console.WriteLine($"Token strategies, {orders} orders each (after 5 warm-up), {Environment.ProcessorCount} cores.");
        var results = new List<StrategyResult>();

        Console.WriteLine("Starting the system with Orders exchanging for Inventory...");
        await using (var system = await TokenJourneySystem.StartAsync("exchange"))
        {
            foreach (var strategy in new Strategy[]
            {
                new("forward", "/api/orders", "forward", "exchange"),
                new("exchange", "/exchanged/api/orders", "exchange", "exchange"),
                new("embed (edge)", "/embedded/api/orders", "embed", "exchange"),
            })
            {
                results.Add(await StrategyRun.MeasureAsync(system, strategy, orders));
                Console.WriteLine($"  {strategy.Name} done");
            }
        }

        Console.WriteLine("Starting the system with Orders embedding for Inventory...");
        await using (var system = await TokenJourneySystem.StartAsync("embed"))
        {
            results.Add(await StrategyRun.MeasureAsync(system, new("embed (all hops)", "/embedded/api/orders", "embed", "embed"), orders));
        }

        Console.WriteLine();
        Console.WriteLine(StrategyTable.Render(results));
        return 0;
    }

    private static int Option(string name, int fallback)
    {
        var args = Environment.GetCommandLineArgs();
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) ? value : fallback;
    }
}
