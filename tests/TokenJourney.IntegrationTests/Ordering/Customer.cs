using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.IntegrationTests.Gateway;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>
/// A customer using Orders through the gateway with the short-lived JWTs of the journey-tests client, on the route of
/// <paramref name="ordersPath"/>: <c>/api/orders</c> forwards the token, <c>/embedded/api/orders</c> and
/// <c>/exchanged/api/orders</c> are the same API under the gateway's other token strategies.
/// </summary>
internal sealed class Customer(TokenJourneyFixture app, string user, string ordersPath = "/api/orders")
{
    private readonly IdentityProviderClient _idp = new(app);
    private readonly HttpClient _gateway = app.CreateHttpClient("gateway");
    private string? _token;

    public string User => user;

    /// <summary>The current token while it has a few seconds left, else a new one (as a client refreshes).</summary>
    public async Task<string> TokenAsync(CancellationToken ct)
    {
        if (_token is null || SecondsLeft(_token) < 5)
        {
            _token = await _idp.PasswordGrantAsync(user, user, ct);
        }
        return _token;
    }

    /// <summary>A brand-new token, as after a refresh-token grant.</summary>
    public async Task<string> RefreshAsync(CancellationToken ct) => _token = await _idp.PasswordGrantAsync(user, user, ct);

    public Task<HttpResponseMessage> PlaceAsync(string sku, int quantity, Uri? callback, CancellationToken ct, ActivityTraceId? traceId = null) =>
        SendAsync(HttpMethod.Post, ordersPath, JsonContent.Create(new { sku, quantity, callbackUrl = callback?.ToString() }), ct, traceId);

    public async Task<Guid> PlaceOkAsync(string sku, int quantity, Uri? callback, CancellationToken ct, ActivityTraceId? traceId = null)
    {
        using var response = await PlaceAsync(sku, quantity, callback, ct, traceId);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"placing an order: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    public async Task<JsonElement> OrderAsync(Guid id, CancellationToken ct)
    {
        var (order, status) = await ReadOrderAsync(id, ct);
        Assert.True(order.HasValue, $"reading order {id}: {status}");
        return order.Value;
    }

    /// <summary>
    /// The order, or none while the gateway answers 502/503/504 (Orders restarting: its outbox watchdog exits it when
    /// its RabbitMQ client is wedged); any other failure fails the test.
    /// </summary>
    private async Task<(JsonElement? Order, int Status)> ReadOrderAsync(Guid id, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{ordersPath}/{id}", null, ct);
        var status = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
        {
            return (null, status);
        }
        Assert.True(response.IsSuccessStatusCode, $"reading order {id}: {status}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct), status);
    }

    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<HttpResponseMessage> ResumeAsync(Guid id, CancellationToken ct) => SendAsync(HttpMethod.Post, $"{ordersPath}/{id}/resume", null, ct);

    /// <summary>Polls the order until its status is one of <paramref name="statuses"/> (generous deadline, no timing assertion).</summary>
    /// <remarks>While Orders is restarting, a polling client waits out the gateway's 502/503/504 like any other "not yet".</remarks>
    public async Task<JsonElement> WaitForStatusAsync(Guid id, CancellationToken ct, params string[] statuses)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        string last;
        do
        {
            var (order, status) = await ReadOrderAsync(id, ct);
            last = order?.GetProperty("status").GetString() ?? $"unreadable ({status} from the gateway)";
            if (order.HasValue && statuses.Contains(last))
            {
                return order.Value;
            }
            await Task.Delay(250, ct);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"order {id} is {last}, expected {string.Join(" or ", statuses)}");
        return default;
    }

    /// <summary>Like any OAuth client: a 401 means the token lapsed on the way, so refresh once and retry.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct, ActivityTraceId? traceId = null)
    {
        var body = content is null ? null : await content.ReadAsByteArrayAsync(ct);
        var response = await SendOnceAsync(method, path, body, await TokenAsync(ct), ct, traceId);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }
        response.Dispose();
        return await SendOnceAsync(method, path, body, await RefreshAsync(ct), ct, traceId);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string path, byte[]? body, string token, CancellationToken ct, ActivityTraceId? traceId)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (traceId is { } id)
        {
            request.Headers.Add("traceparent", $"00-{id.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        }
        return await _gateway.SendAsync(request, ct);
    }

    /// <summary>A JWT's claims, unverified: what a client may read of its own token.</summary>
    public static JsonElement Payload(string jwt) =>
        JsonDocument.Parse(IdentityProviderClient.Base64UrlDecode(jwt.Split('.')[1])).RootElement;

    public static long ExpiresAt(string jwt) => Payload(jwt).GetProperty("exp").GetInt64();

    private static long SecondsLeft(string jwt) => ExpiresAt(jwt) - DateTimeOffset.UtcNow.ToUnixTimeSeconds();
}
