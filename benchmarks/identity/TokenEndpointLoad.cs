using System.Diagnostics;
using System.Text.Json;

namespace TokenJourney.Benchmarks.Identity;

internal sealed record LoadResult(string Name, long Requests, long Failures, double RequestsPerSecond, double P50Ms, double P99Ms);

/// <summary>A closed loop on the token endpoint: N connections, each POSTing its next form when the previous answered.</summary>
internal static class TokenEndpointLoad
{
    public static async Task<LoadResult> RunAsync(string name, Uri tokenEndpoint, Func<Dictionary<string, string>> form,
        int connections, TimeSpan warmup, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        });
        await DriveAsync(http, tokenEndpoint, form, connections, warmup, record: false);
        var (latencies, failures, elapsed) = await DriveAsync(http, tokenEndpoint, form, connections, duration, record: true);

        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(p * all.Length))] * 1000.0 / Stopwatch.Frequency;
        return new LoadResult(name, all.Length, failures, all.Length / elapsed.TotalSeconds, Percentile(0.50), Percentile(0.99));
    }

    /// <summary>One request, for the set-up (the subject token of the exchange runs).</summary>
    public static async Task<string> AccessTokenAsync(Uri tokenEndpoint, Dictionary<string, string> form)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var response = await http.PostAsync(tokenEndpoint, new FormUrlEncodedContent(form));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return response.IsSuccessStatusCode && body.TryGetProperty("access_token", out var token)
            ? token.GetString()!
            : throw new InvalidOperationException($"set-up token request refused: {(int)response.StatusCode} {(body.TryGetProperty("error", out var e) ? e.GetString() : "")}");
    }

    private static async Task<(List<long>[] Latencies, long Failures, TimeSpan Elapsed)> DriveAsync(
        HttpClient http, Uri tokenEndpoint, Func<Dictionary<string, string>> form, int connections, TimeSpan duration, bool record)
    {
        var latencies = Enumerable.Range(0, connections).Select(_ => new List<long>(100_000)).ToArray();
        long failures = 0;
        var started = Stopwatch.StartNew();
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker];
            while (Stopwatch.GetTimestamp() < end)
            {
                var sent = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync(tokenEndpoint, new FormUrlEncodedContent(form()));
                await response.Content.LoadIntoBufferAsync();
                var took = Stopwatch.GetTimestamp() - sent;
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
                else if (record) mine.Add(took);
            }
        })));
        return (latencies, failures, started.Elapsed);
    }
}
