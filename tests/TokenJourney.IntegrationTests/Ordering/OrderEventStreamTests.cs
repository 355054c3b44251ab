using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using TokenJourney.IntegrationTests.Gateway;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>Orders' server-sent events read by a plain HTTP client through the gateway, as any non-browser client reads them.</summary>
public sealed class OrderEventStreamTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task A_client_outside_the_browser_follows_its_order_to_Shipped_over_server_sent_events_and_sees_no_one_else_s()
    {
        var idp = new IdentityProviderClient(App);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        stop.CancelAfter(TimeSpan.FromSeconds(120));
        await using var aliceStream = await EventStream.OpenAsync(App, await idp.PasswordGrantAsync("alice", "alice", Cancellation), stop.Token);
        await using var bobStream = await EventStream.OpenAsync(App, await idp.PasswordGrantAsync("bob", "bob", Cancellation), stop.Token);
        Assert.Equal("ready", (await aliceStream.NextAsync(stop.Token)).Event);
        Assert.Equal("ready", (await bobStream.NextAsync(stop.Token)).Event);

        var orderId = await new Customer(App, "alice").PlaceOkAsync("tea-sencha", 1, null, Cancellation);

        var alices = await FollowUntilShippedAsync(aliceStream, orderId, stop.Token);
        Assert.Contains(orderId, alices);

        // Bob's own order comes after alice's: a stream delivers in order, so had alice's events reached bob's stream
        // they would be ahead of his order's.
        var bobsOrder = await new Customer(App, "bob").PlaceOkAsync("tea-sencha", 1, null, Cancellation);
        var bobs = await FollowUntilShippedAsync(bobStream, bobsOrder, stop.Token);
        Assert.DoesNotContain(orderId, bobs);
    }

    /// <summary>Reads order events until <paramref name="orderId"/> is Shipped; returns every order id seen on the way.</summary>
    private static async Task<List<Guid>> FollowUntilShippedAsync(EventStream stream, Guid orderId, CancellationToken cancellation)
    {
        var seen = new List<Guid>();
        while (true)
        {
            var (name, data) = await stream.NextAsync(cancellation);
            if (name != "order")
            {
                continue;
            }
            var id = data.GetProperty("orderId").GetGuid();
            seen.Add(id);
            if (id == orderId && data.GetProperty("status").GetString() == "Shipped")
            {
                return seen;
            }
        }
    }

    /// <summary>One SSE connection: its events in order, heartbeats skipped.</summary>
    private sealed class EventStream : IAsyncDisposable
    {
        private readonly HttpClient _http;
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;

        private EventStream(HttpClient http, HttpResponseMessage response, StreamReader reader) =>
            (_http, _response, _reader) = (http, response, reader);

        public static async Task<EventStream> OpenAsync(TokenJourneyFixture app, string token, CancellationToken cancellation)
        {
            var http = app.CreateHttpClient("gateway");
            http.Timeout = Timeout.InfiniteTimeSpan;
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/orders/events");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            return new EventStream(http, response, new StreamReader(await response.Content.ReadAsStreamAsync(cancellation)));
        }

        public async Task<(string Event, JsonElement Data)> NextAsync(CancellationToken cancellation)
        {
            string? name = null;
            string? data = null;
            while (await _reader.ReadLineAsync(cancellation) is { } line)
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line["event:".Length..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data = line["data:".Length..].Trim();
                }
                else if (line.Length == 0 && data is not null)
                {
                    if (name != "heartbeat")
                    {
                        return (name ?? "message", JsonDocument.Parse(data).RootElement.Clone());
                    }
                    (name, data) = (null, null);
                }
            }
            throw new InvalidOperationException("The event stream ended.");
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            _http.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
