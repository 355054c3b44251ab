using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>One callback as the client received it, and whether its Standard Webhooks signature verified.</summary>
public sealed record ReceivedCallback(string Id, string Type, Guid OrderId, string? Status, bool SignatureValid, string Body);

/// <summary>
/// A real HTTP endpoint on 127.0.0.1 (allowed for <see cref="TestCallbackClient"/> by the test host's configuration of
/// Orders) that receives Orders' webhooks and verifies each signature independently, with that client's secret.
/// </summary>
public sealed class CallbackListener : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _key;
    private readonly Task _loop;
    private int _failuresLeft;

    /// <param name="failFirst">How many deliveries to answer with 503 before accepting (each still recorded).</param>
    public CallbackListener(int failFirst = 0)
    {
        _failuresLeft = failFirst;
        var port = TokenJourney.AppHost.RunSettings.FreePort();
        Url = new Uri($"http://127.0.0.1:{port}/callbacks/orders");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _key = Convert.FromBase64String(TestCallbackClient.Secret["whsec_".Length..]);
        _loop = Task.Run(ListenAsync);
    }

    public Uri Url { get; }

    public ConcurrentQueue<ReceivedCallback> Received { get; } = new();

    public IReadOnlyList<ReceivedCallback> For(Guid orderId) => [.. Received.Where(c => c.OrderId == orderId)];

    private async Task ListenAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Received.Enqueue(Parse(context.Request.Headers, body.ToArray()));
            context.Response.StatusCode = Interlocked.Decrement(ref _failuresLeft) >= 0 ? 503 : 200;
            context.Response.Close();
        }
    }

    private ReceivedCallback Parse(System.Collections.Specialized.NameValueCollection headers, byte[] body)
    {
        var id = headers["webhook-id"] ?? "";
        var timestamp = headers["webhook-timestamp"] ?? "";
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(_key, signed));
        var valid = (headers["webhook-signature"] ?? "").Split(' ').Contains(expected)
            && long.TryParse(timestamp, out var seconds)
            && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) < 300;

        using var json = JsonDocument.Parse(body);
        var data = json.RootElement.GetProperty("data");
        return new ReceivedCallback(id, json.RootElement.GetProperty("type").GetString()!, data.GetProperty("orderId").GetGuid(),
            data.GetProperty("status").GetString(), valid, Encoding.UTF8.GetString(body));
    }


    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
