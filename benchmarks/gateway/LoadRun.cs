using System.Diagnostics;
using System.Net.Http.Headers;

namespace TokenJourney.Benchmarks.Gateway;

internal sealed record LoadResult(string Name, long Requests, long Failures, double RequestsPerSecond, double P50Ms, double P99Ms);

/// <summary>A closed-loop load: N connections, each sending its next request when the previous answered.</summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(string name, Uri target, string? bearer, int connections, TimeSpan warmup, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        });
        if (bearer is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);

        await DriveAsync(http, target, connections, warmup, record: false);
        var (latencies, failures, elapsed) = await DriveAsync(http, target, connections, duration, record: true);

        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(p * all.Length))] * 1000.0 / Stopwatch.Frequency;
        return new LoadResult(name, all.Length, failures, all.Length / elapsed.TotalSeconds, Percentile(0.50), Percentile(0.99));
    }

    private static async Task<(List<long>[] Latencies, long Failures, TimeSpan Elapsed)> DriveAsync(
        HttpClient http, Uri target, int connections, TimeSpan duration, bool record)
    {
        var latencies = Enumerable.Range(0, connections).Select(_ => new List<long>(200_000)).ToArray();
        long failures = 0;
        var started = Stopwatch.StartNew();
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker];
            while (Stopwatch.GetTimestamp() < end)
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(target, HttpCompletionOption.ResponseContentRead);
                var took = Stopwatch.GetTimestamp() - sent;
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
                else if (record) mine.Add(took);
            }
        })));
        return (latencies, failures, started.Elapsed);
    }
}
