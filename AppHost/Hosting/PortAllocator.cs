using System.Net;
using System.Net.Sockets;

namespace TokenJourney.AppHost.Hosting;

/// <summary>Hands out loopback ports: free ones for infrastructure and tests, checked ones for documented defaults.</summary>
public static class PortAllocator
{
    // Ports handed out by this process are never handed out twice, so two topologies in one test run cannot collide.
    private static readonly HashSet<int> Given = [];
    private static readonly Lock Gate = new();

    public static int FreePort()
    {
        lock (Gate)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (Given.Add(port) && IsFree(port))
                {
                    return port;
                }
            }
        }
    }

    public static bool IsFree(int port)
    {
        foreach (var address in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
        {
            try
            {
                using var listener = new TcpListener(address, port);
                listener.Start();
                listener.Stop();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return false;
            }
            catch (SocketException)
            {
                // No IPv6 on this host: the IPv4 answer is the one that counts.
            }
        }
        return true;
    }
}
