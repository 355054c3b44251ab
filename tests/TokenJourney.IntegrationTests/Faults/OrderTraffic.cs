using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;
using TokenJourney.IntegrationTests.Ordering;

namespace TokenJourney.IntegrationTests.Faults;

/// <summary>One order a customer tried to place: when, during which fault, and what came back.</summary>
internal sealed record Attempt(string Customer, string Phase, TimeSpan At, string Outcome, Guid? OrderId)
{
    public bool Acknowledged => OrderId is not null;
}

/// <summary>
/// Customers placing orders through the gateway at a steady pace, each as its own client (its own tokens, refreshed as
/// they lapse), recording every attempt under the phase the campaign is in. A failed attempt is recorded, never thrown.
/// </summary>
internal sealed class OrderTraffic(TokenJourneyFixture app, IReadOnlyList<string> users, TimeSpan pace) : IAsyncDisposable
{
    private readonly ConcurrentQueue<Attempt> _attempts = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Task> _loops = [];
    private volatile string _phase = "steady";

    public Dictionary<string, Customer> Customers { get; } = users.Distinct().ToDictionary(u => u, u => new Customer(app, u));

    public IReadOnlyCollection<Attempt> Attempts => _attempts;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>What later attempts are recorded under (the component being killed, or "steady").</summary>
    public string Phase { set => _phase = value; }

    public void Start()
    {
        // One client per entry of users: the same user may place orders from several clients at once.
        foreach (var (user, index) in users.Select((u, i) => (u, i)))
        {
            var customer = new Customer(app, user);
            _loops.Add(Task.Run(() => PlaceOrdersAsync($"{user}#{index}", customer, _stop.Token)));
        }
    }

    private async Task PlaceOrdersAsync(string name, Customer customer, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var phase = _phase;
            var at = _clock.Elapsed;
            try
            {
                using var response = await customer.PlaceAsync("mug-stoneware", 1, null, stop);
                var body = await response.Content.ReadAsStringAsync(stop);
                Guid? id = response.StatusCode == HttpStatusCode.Created ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid() : null;
                _attempts.Enqueue(new Attempt(name, phase, at, Describe(response), id));
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The gateway or the IdP (for a new token) refused the connection: the client got no answer at all.
                _attempts.Enqueue(new Attempt(name, phase, at, $"no answer ({(e as HttpRequestException)?.HttpRequestError.ToString() ?? e.GetType().Name})", null));
            }
            try
            {
                await Task.Delay(pace, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string Describe(HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.Created => "201",
        HttpStatusCode.ServiceUnavailable when response.Headers.RetryAfter is not null => "503 with Retry-After",
        var status => ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Stops placing orders and waits for the attempts under way to be recorded.</summary>
    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
