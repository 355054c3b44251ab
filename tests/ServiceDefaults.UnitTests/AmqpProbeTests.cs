using System.Net;
using System.Net.Sockets;
using TokenJourney.ServiceDefaults.Infrastructure;

namespace TokenJourney.ServiceDefaults.UnitTests;

/// <summary>The broker probe against real sockets: what a broker, another server and a closed port answer.</summary>
public sealed class AmqpProbeTests
{
    [Theory]
    [InlineData(new byte[] { 1, 0, 0 }, AmqpAnswer.Answered)]
    // An HTTP server answers "HTTP/1.1 400": not a method frame.
    [InlineData(new byte[] { (byte)'H', (byte)'T' }, AmqpAnswer.NotAmqp)]
    public async Task The_probe_tells_a_broker_from_another_server(byte[] firstBytes, AmqpAnswer expected)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = AnswerOnceAsync(listener, firstBytes);

        var answer = await RabbitMqHealthCheckExtensions.ProbeAsync(Uri(listener), TestContext.Current.CancellationToken);

        Assert.Equal(expected, answer);
        Assert.Equal("AMQP\0\0\u0009\u0001"u8.ToArray(), await server);
    }

    [Fact]
    public async Task A_closed_port_is_unreachable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var uri = Uri(listener);
        listener.Stop();

        Assert.Equal(AmqpAnswer.Unreachable, await RabbitMqHealthCheckExtensions.ProbeAsync(uri, TestContext.Current.CancellationToken));
    }

    private static Uri Uri(TcpListener listener) => new($"amqp://guest:guest@127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

    // Reads the protocol header the probe sends, then answers with the given bytes.
    private static async Task<byte[]> AnswerOnceAsync(TcpListener listener, byte[] answer)
    {
        using var client = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
        var stream = client.GetStream();
        var header = new byte[8];
        await stream.ReadExactlyAsync(header, TestContext.Current.CancellationToken);
        await stream.WriteAsync(answer, TestContext.Current.CancellationToken);
        return header;
    }
}
