using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenJourney.Benchmarks.Ordering;

public sealed record LatencyResult(int Count, double P50Ms, double P99Ms);

/// <summary>
/// One order at a time through the gateway (edge validation, Orders, token exchange, Inventory, outbox, RabbitMQ,
/// Shipping, back to Orders) until GET says Shipped. Polled every 2 ms, so figures carry up to 2 ms of polling.
/// </summary>
public static class OrderLatency
{
    private const int Warmup = 20;

    public static async Task<LatencyResult> MeasureAsync(RunningSystem system, int count)
    {
        using var gateway = new HttpClient { BaseAddress = system.Endpoint("gateway") };
        var token = await system.CustomerTokenAsync();
        var tokenAge = Stopwatch.StartNew();
        var samples = new List<double>(count);
        for (var i = 0; i < Warmup + count; i++)
        {
            if (tokenAge.Elapsed > TimeSpan.FromSeconds(8))
            {
                // The test client's tokens live 15 s; a fresh one keeps every order comfortably inside its lifetime.
                token = await system.CustomerTokenAsync();
                tokenAge.Restart();
            }
            var started = Stopwatch.GetTimestamp();
            using var place = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = JsonContent.Create(new { sku = "tea-sencha", quantity = 1 }) };
            place.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            using var placed = await gateway.SendAsync(place);
            if (!placed.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Placing an order answered {(int)placed.StatusCode}: {await placed.Content.ReadAsStringAsync()}");
            }
            var id = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            while (true)
            {
                using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{id}");
                get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
                using var response = await gateway.SendAsync(get);
                var status = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
                if (status == "Shipped")
                {
                    break;
                }
                if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException($"Order {id} still {status} after 30 s.");
                }
                await Task.Delay(2);
            }
            if (i >= Warmup)
            {
                samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
        samples.Sort();
        return new LatencyResult(samples.Count, Percentile(samples, 0.50), Percentile(samples, 0.99));
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
