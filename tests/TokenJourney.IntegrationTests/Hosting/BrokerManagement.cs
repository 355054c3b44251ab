using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace TokenJourney.IntegrationTests.Hosting;

/// <summary>
/// RabbitMQ's management API of this run (the "messaging" resource's management endpoint), with the credentials of the
/// broker's connection string: what waits in a queue, read the moment it is asked (not the 5-s statistics).
/// </summary>
public sealed class BrokerManagement : IDisposable
{
    private readonly HttpClient _http;

    public BrokerManagement(TokenJourneyFixture app)
    {
        var amqp = new Uri(app.ConnectionString("messaging"));
        _http = new HttpClient { BaseAddress = app.Endpoint("messaging", "management") };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(amqp.UserInfo))));
    }

    /// <summary>
    /// Takes up to <paramref name="count"/> messages off the queue of the default virtual host (acknowledged: they are
    /// gone), or returns them to it when <paramref name="remove"/> is false. A queue that does not exist holds nothing.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> GetAsync(string queue, int count, bool remove, CancellationToken cancellation)
    {
        using var response = await _http.PostAsJsonAsync($"/api/queues/%2F/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = remove ? "ack_requeue_false" : "ack_requeue_true", encoding = "auto" }, cancellation);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
        Assert.True(response.IsSuccessStatusCode, $"management API, get from {queue}: {(int)response.StatusCode}");
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>(cancellation)).EnumerateArray()];
    }

    /// <summary>The names of the default virtual host's queues.</summary>
    public async Task<IReadOnlyList<string>> QueueNamesAsync(CancellationToken cancellation)
    {
        var queues = await _http.GetFromJsonAsync<JsonElement>("/api/queues/%2F?columns=name", cancellation);
        return [.. queues.EnumerateArray().Select(q => q.GetProperty("name").GetString()!)];
    }

    public void Dispose() => _http.Dispose();
}
