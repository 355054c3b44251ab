using System.Diagnostics;
using System.Text.Json;

namespace TokenJourney.Benchmarks.Identity;

internal sealed record LoadResult(string Name, long Requests, long Failures, double RequestsPerSecond, double P50Ms, double P99Ms,
    double ProviderCpuMsPerRequest);

/// <summary>
/// A closed loop on the token endpoint: N connections, each POSTing its next form when the previous answered. The form
/// and what is kept from an answer are per connection, so a refresh-token chain stays on its own connection.
/// </summary>
internal static class TokenEndpointLoad
{
    /// <param name="form">The next request's form for connection i.</param>
    /// <param name="answered">Reads a successful answer of connection i (e.g. the rotated refresh token); null to skip parsing.</param>
    /// <param name="providerCpu">The provider process's CPU time so far, read around the measured run only.</param>
    public static async Task<LoadResult> RunAsync(string name, Uri tokenEndpoint, Func<int, Dictionary<string, string>> form,
        Action<int, JsonElement>? answered, int connections, TimeSpan warmup, TimeSpan duration, Func<TimeSpan> providerCpu)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        });
        await DriveAsync(http, tokenEndpoint, form, answered, connections, warmup, record: false);
        var cpuBefore = providerCpu();
        var (latencies, failures, elapsed) = await DriveAsync(http, tokenEndpoint, form, answered, connections, duration, record: true);
        var cpu = providerCpu() - cpuBefore;

        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(p * all.Length))] * 1000.0 / Stopwatch.Frequency;
        var served = all.Length + failures;
        return new LoadResult(name, all.Length, failures, all.Length / elapsed.TotalSeconds, Percentile(0.50), Percentile(0.99),
            served == 0 ? double.NaN : cpu.TotalMilliseconds / served);
    }

    /// <summary>One request, for the set-up (the subject token of the exchange runs, the first refresh tokens).</summary>
    public static async Task<JsonElement> TokensAsync(Uri tokenEndpoint, Dictionary<string, string> form)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var response = await http.PostAsync(tokenEndpoint, new FormUrlEncodedContent(form));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return response.IsSuccessStatusCode && body.TryGetProperty("access_token", out _)
            ? body
            : throw new InvalidOperationException($"set-up token request refused: {(int)response.StatusCode} {(body.TryGetProperty("error", out var e) ? e.GetString() : "")}");
    }

    private static async Task<(List<long>[] Latencies, long Failures, TimeSpan Elapsed)> DriveAsync(HttpClient http, Uri tokenEndpoint,
        Func<int, Dictionary<string, string>> form, Action<int, JsonElement>? answered, int connections, TimeSpan duration, bool record)
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
                using var response = await http.PostAsync(tokenEndpoint, new FormUrlEncodedContent(form(worker)));
                await response.Content.LoadIntoBufferAsync();
                var took = Stopwatch.GetTimestamp() - sent;
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }
                if (answered is not null)
                {
                    using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
                    answered(worker, body.RootElement);
                }
                if (record) mine.Add(took);
            }
        })));
        return (latencies, failures, started.Elapsed);
    }
}
