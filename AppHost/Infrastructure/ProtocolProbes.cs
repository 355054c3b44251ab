using System.Net.Sockets;
using System.Text;

namespace TokenJourney.AppHost.Infrastructure;

/// <summary>One exchange in each server's protocol: null when it answered as it should, else what went wrong.</summary>
internal static class ProtocolProbes
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>Redis answers <c>PING</c> with <c>+PONG</c> once it has loaded its data and accepts commands.</summary>
    public static Task<string?> RedisPingAsync(string host, int port, CancellationToken cancellationToken) =>
        ExchangeAsync(host, port, "PING\r\n"u8.ToArray(), reply => reply.StartsWith("+PONG"u8)
            ? null
            : $"PING answered '{Encoding.ASCII.GetString(reply).Trim()}'", cancellationToken);

    /// <summary>
    /// An AMQP 0-9-1 broker answers the protocol header with a Connection.Start method frame (frame type 1). RabbitMQ
    /// opens its AMQP listener last in its boot, so this answer means the broker is ready.
    /// </summary>
    public static Task<string?> AmqpHeaderAsync(string host, int port, CancellationToken cancellationToken) =>
        ExchangeAsync(host, port, "AMQP\0\0\u0009\u0001"u8.ToArray(), reply => reply.Length > 0 && reply[0] == 1
            ? null
            : "the AMQP header got no Connection.Start", cancellationToken);

    private static readonly HttpClient Http = new() { Timeout = Timeout };

    /// <summary>An ASP.NET Core service answers its health endpoint with 200 once its own checks pass.</summary>
    public static Func<string, int, CancellationToken, Task<string?>> HttpGet(string path) => async (host, port, cancellationToken) =>
    {
        try
        {
            using var response = await Http.GetAsync($"http://{host}:{port}{path}", cancellationToken);
            return response.IsSuccessStatusCode ? null : $"GET {path} answered {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"no answer to GET {path} from {host}:{port} ({e.GetType().Name})";
        }
    };

    /// <summary>Something listens: enough for epmd, whose only client is the broker beside it.</summary>
    public static async Task<string?> ListeningAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            return null;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"nothing listens on {host}:{port}";
        }
    }

    private static async Task<string?> ExchangeAsync(string host, int port, byte[] request, Func<byte[], string?> judge, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(request, timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return read == 0 ? "the connection closed without an answer" : judge(buffer[..read]);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"no answer from {host}:{port} ({e.GetType().Name})";
        }
    }
}
