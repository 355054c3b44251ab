using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;
using TokenJourney.IntegrationTests.Ordering;

namespace TokenJourney.IntegrationTests.Faults;

/// <summary>
/// Many clients at once through the gateway, for a while: no error, and each service's memory at the start and the
/// end. CI holds 64 clients for 20 s; benchmarks/faults holds them for 5 minutes (LOAD_HELD_SECONDS=300). It runs
/// alone (the disruptive collection) so its load does not slow other tests into timeouts.
/// </summary>
[Collection(DisruptiveCollection.Name)]
public sealed class LoadHeldTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private static readonly int Clients = RunLength.FromEnvironment("LOAD_HELD_CLIENTS", 64);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(RunLength.FromEnvironment("LOAD_HELD_SECONDS", 20));
    private static readonly string[] Services = ["identity", "gateway", "orders", "inventory", "shipping", "storefront"];

    [Fact]
    public async Task Sixty_four_clients_placing_and_reading_orders_through_the_gateway_get_no_error()
    {
        var before = Services.ToDictionary(s => s, ResidentMegabytes);
        var errors = new ConcurrentQueue<string>();
        long placed = 0, read = 0;
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(Duration);

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => Task.Run(async () =>
        {
            var customer = new Customer(App, i % 2 == 0 ? "alice" : "bob");
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await customer.PlaceAsync("mug-stoneware", 1, null, Cancellation);
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        errors.Enqueue($"placing: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
                        continue;
                    }
                    Interlocked.Increment(ref placed);
                    var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("id").GetGuid();
                    using var order = await customer.GetAsync($"/api/orders/{id}", Cancellation);
                    if (order.StatusCode != HttpStatusCode.OK)
                    {
                        errors.Enqueue($"reading {id}: {(int)order.StatusCode}");
                        continue;
                    }
                    Interlocked.Increment(ref read);
                }
                catch (HttpRequestException e)
                {
                    errors.Enqueue($"no answer: {e.HttpRequestError}");
                }
            }
        })));

        var elapsed = clock.Elapsed;
        var after = Services.ToDictionary(s => s, ResidentMegabytes);
        var report = new StringBuilder($"{Clients} clients for {elapsed.TotalSeconds:0} s: {placed} orders placed ({placed / elapsed.TotalSeconds:0.0}/s), {read} read back, {errors.Count} errors\n\n")
            .Append("| service | RSS at start (MB) | RSS at end (MB) |\n|---|---|---|\n");
        foreach (var service in Services)
        {
            report.Append($"| {service} | {before[service]} | {after[service]} |\n");
        }
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        TestContext.Current.AddAttachment("load-held.md", report.ToString());

        Assert.True(errors.IsEmpty, $"{errors.Count} errors, first: {string.Join(" | ", errors.Take(5))}");
        Assert.True(placed >= Clients, $"only {placed} orders placed by {Clients} clients");
    }

    private long ResidentMegabytes(string resource)
    {
        var status = File.ReadLines($"/proc/{App.ProcessId(resource)}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
