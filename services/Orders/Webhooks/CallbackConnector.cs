using System.Net;
using System.Net.Sockets;

namespace TokenJourney.Orders.Webhooks;

/// <summary>The connection was not opened because the callback's host resolved to an address it may not reach.</summary>
public sealed class CallbackAddressRefusedException(string host)
    : IOException($"The callback host {host} resolves only to internal addresses that its URL does not name.");

/// <summary>
/// Opens webhook connections itself so that the address actually connected to is the one checked: the host is resolved
/// once, here, and an internal address (<see cref="InternalAddresses"/>) is used only when the URL names it. A check at
/// registration alone could be undone by DNS answering differently at delivery time (DNS rebinding).
/// </summary>
public sealed class CallbackConnector(Func<string, CancellationToken, Task<IPAddress[]>> resolve)
{
    public static CallbackConnector System { get; } = new(Dns.GetHostAddressesAsync);

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await resolve(host, cancellationToken);
        var allowed = addresses.Where(a => !InternalAddresses.Contains(a) || InternalAddresses.NamedExplicitly(host, a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new CallbackAddressRefusedException(host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
