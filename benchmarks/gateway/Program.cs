using System.Diagnostics;
using System.Globalization;
using TokenJourney.Benchmarks.Gateway;

// Plain YARP passthrough vs the full gateway pipeline (cache-hit path: an opaque token already resolved, so each
// request pays the memo lookup, the deny-list check against its in-memory mirror of Redis, and the rate limiter)
// against the same trivial backend.
// Usage: dotnet run -c Release --project benchmarks/gateway [-- --connections 64 --seconds 4 --warmup 1 --rounds 15]
// Many short alternating rounds rather than a few long ones: this machine's speed drifts over tens of seconds (plain
// YARP alone ranged from 10.8k to 17.2k req/s across 20-second rounds), and short rounds put each full run next to a
// plain run made under the same conditions. With 7 rounds of 15 s the two estimators below disagreed; with 15 of 4 s
// they agree from run to run.
var connections = Option("--connections", 64);
var seconds = Option("--seconds", 4);
var warmup = Option("--warmup", 1);
var rounds = Option("--rounds", 15);

var redisPort = Hosts.FreePort();
using var redis = Process.Start(new ProcessStartInfo("redis-server", ["--port", redisPort.ToString(CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no"])
{
    RedirectStandardOutput = true,
    UseShellExecute = false,
}) ?? throw new InvalidOperationException("redis-server did not start (run eng/setup.sh).");
try
{
    await Task.Delay(500);
    var backendPort = Hosts.FreePort();
    var (idp, authority) = await FakeIdentityProvider.StartAsync(Hosts.FreePort());
    await using var backend = await Hosts.StartBackendAsync(backendPort);
    var plainPort = Hosts.FreePort();
    var fullPort = Hosts.FreePort();
    await using var plain = await Hosts.StartPlainYarpAsync(plainPort, backendPort);
    await using var full = await Hosts.StartFullGatewayAsync(fullPort, backendPort, authority, $"127.0.0.1:{redisPort}");

    var opaque = "bench-opaque-" + Guid.NewGuid().ToString("N");
    Console.WriteLine($"Gateway benchmark: {connections} connections, {warmup} s warm-up + {seconds} s per run, {Environment.ProcessorCount} cores, backend/proxies/load in one process");

    // Alternating rounds, median per configuration: a shared machine's noise hits both sides alike.
    var plainRuns = new List<LoadResult>();
    var fullRuns = new List<LoadResult>();
    for (var round = 0; round < rounds; round++)
    {
        plainRuns.Add(await LoadRun.RunAsync("plain YARP", new Uri($"http://127.0.0.1:{plainPort}/api/orders/1"), null, connections, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds)));
        fullRuns.Add(await LoadRun.RunAsync("full gateway (opaque, cache hit)", new Uri($"http://127.0.0.1:{fullPort}/api/orders/1"), opaque, connections, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds)));
        Console.WriteLine($"round {round + 1}: plain {plainRuns[^1].RequestsPerSecond:F0} req/s p99 {plainRuns[^1].P99Ms:F3} ms | full {fullRuns[^1].RequestsPerSecond:F0} req/s p99 {fullRuns[^1].P99Ms:F3} ms");
    }
    static double MedianOf(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
    static LoadResult Median(List<LoadResult> runs) =>
        new(runs[0].Name + $" (median of {runs.Count})", runs.Sum(r => r.Requests), runs.Sum(r => r.Failures),
            MedianOf(runs.Select(r => r.RequestsPerSecond)), MedianOf(runs.Select(r => r.P50Ms)), MedianOf(runs.Select(r => r.P99Ms)));
    var results = new List<LoadResult> { Median(plainRuns), Median(fullRuns) };

    Console.WriteLine();
    Console.WriteLine($"{"run",-46} {"requests",10} {"failed",7} {"req/s",10} {"p50 ms",8} {"p99 ms",8}");
    foreach (var r in results)
    {
        Console.WriteLine($"{r.Name,-46} {r.Requests,10} {r.Failures,7} {r.RequestsPerSecond,10:F0} {r.P50Ms,8:F3} {r.P99Ms,8:F3}");
    }
    var (baseline, gateway) = (results[0], results[1]);
    Console.WriteLine();
    Console.WriteLine($"throughput ratio (full / plain): {gateway.RequestsPerSecond / baseline.RequestsPerSecond:P1}  (target >= 90%)");
    Console.WriteLine($"p50 overhead: {gateway.P50Ms - baseline.P50Ms:F3} ms; p99 overhead: {gateway.P99Ms - baseline.P99Ms:F3} ms  (target < 1 ms)");
    // Paired per round (each full run against the plain run just before it), so slow drift of the machine cancels out.
    var pairs = plainRuns.Zip(fullRuns).ToList();
    Console.WriteLine($"paired per round, median: ratio {MedianOf(pairs.Select(p => p.Second.RequestsPerSecond / p.First.RequestsPerSecond)):P1}, " +
        $"p99 overhead {MedianOf(pairs.Select(p => p.Second.P99Ms - p.First.P99Ms)):F3} ms");
    await idp.DisposeAsync();
}
finally
{
    redis.Kill();
}

static int Option(string name, int fallback)
{
    var args = Environment.GetCommandLineArgs();
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var value) ? value : fallback;
}
