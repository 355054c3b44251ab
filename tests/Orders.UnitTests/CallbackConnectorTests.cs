using System.Net;
using System.Net.Sockets;
using TokenJourney.Orders.Webhooks;

namespace TokenJourney.Orders.UnitTests;

/// <summary>The address actually connected to is checked at delivery time, against a resolver that can lie like DNS rebinding does.</summary>
public sealed class CallbackConnectorTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Dictionary<string, IPAddress[]> _dns = new(StringComparer.OrdinalIgnoreCase);

    public CallbackConnectorTests()
    {
        _listener.Start();
        _ = AnswerOkAsync();
    }

    private int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task<HttpResponseMessage> PostAsync(string host)
    {
        var connector = new CallbackConnector((name, _) => Task.FromResult(_dns.TryGetValue(name, out var a) ? a : Dns.GetHostAddresses(name)));
        using var http = new HttpClient(new SocketsHttpHandler { ConnectCallback = connector.ConnectAsync, UseProxy = false });
        return await http.PostAsync($"http://{host}:{Port}/hook", new StringContent("{}"), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_loopback_at_delivery_is_refused_before_connecting()
    {
        _dns["hooks.partner.example"] = [IPAddress.Loopback];

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync("hooks.partner.example"));
        Assert.IsType<CallbackAddressRefusedException>(failure.InnerException);
    }

    [Theory]
    [InlineData("169.254.169.254")] // cloud metadata
    [InlineData("10.1.2.3")]
    [InlineData("172.20.0.5")]
    [InlineData("192.168.1.10")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task A_host_name_that_resolves_to_a_private_link_local_or_metadata_address_is_refused(string address)
    {
        _dns["rebound.partner.example"] = [IPAddress.Parse(address)];

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => PostAsync("rebound.partner.example"));
        Assert.IsType<CallbackAddressRefusedException>(failure.InnerException);
    }

    [Fact]
    public async Task An_IP_address_written_in_the_URL_is_connected_to()
    {
        using var response = await PostAsync("127.0.0.1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Localhost_reaches_loopback_because_it_names_this_machine()
    {
        using var response = await PostAsync("localhost");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("93.184.215.14", false)]
    [InlineData("2606:2800:21f:cb07:6820:80da:af6b:8b2c", false)]
    [InlineData("127.0.0.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("192.0.2.2", true)] // documentation range, not globally reachable
    [InlineData("2001:db8::1", true)]
    public void Only_internal_ranges_count_as_internal(string address, bool isInternal)
    {
        Assert.Equal(isInternal, InternalAddresses.Contains(IPAddress.Parse(address)));
    }

    private async Task AnswerOkAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            using (client)
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                _ = await stream.ReadAsync(buffer);
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
            }
        }
    }

    public void Dispose() => _listener.Stop();
}
