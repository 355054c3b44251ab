using System.Net;

namespace TokenJourney.Orders.Webhooks;

/// <summary>
/// Addresses a callback must not reach unless its URL names them: this machine, private networks, link-local (where
/// cloud metadata services live, 169.254.169.254 and fd00:ec2::254), carrier-grade NAT, and every other range IANA's
/// special-purpose registries mark as not globally reachable (documentation ranges included: a machine may well have one).
/// </summary>
public static class InternalAddresses
{
    private static readonly (IPAddress Network, int Prefix)[] Ranges =
    [
        (IPAddress.Parse("0.0.0.0"), 8),
        (IPAddress.Parse("10.0.0.0"), 8),
        (IPAddress.Parse("100.64.0.0"), 10),
        (IPAddress.Parse("127.0.0.0"), 8),
        (IPAddress.Parse("169.254.0.0"), 16),
        (IPAddress.Parse("172.16.0.0"), 12),
        (IPAddress.Parse("192.0.0.0"), 24),
        (IPAddress.Parse("192.0.2.0"), 24),
        (IPAddress.Parse("192.168.0.0"), 16),
        (IPAddress.Parse("198.18.0.0"), 15),
        (IPAddress.Parse("198.51.100.0"), 24),
        (IPAddress.Parse("203.0.113.0"), 24),
        (IPAddress.Parse("224.0.0.0"), 4),
        (IPAddress.Parse("240.0.0.0"), 4),
        (IPAddress.Parse("::"), 128),
        (IPAddress.Parse("::1"), 128),
        (IPAddress.Parse("64:ff9b::"), 96),
        (IPAddress.Parse("2001:db8::"), 32),
        (IPAddress.Parse("fc00::"), 7),
        (IPAddress.Parse("fe80::"), 10),
        (IPAddress.Parse("ff00::"), 8),
    ];

    public static bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        foreach (var (network, prefix) in Ranges)
        {
            if (network.AddressFamily == address.AddressFamily && new IPNetwork(network, prefix).Contains(address))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The URL names the address itself (an IP literal, which only an exact allow-list entry admits), or is
    /// <c>localhost</c>, which RFC 6761 reserves for this machine's loopback and the local resolver answers.
    /// A host name from DNS never vouches for an internal address: that is DNS rebinding.
    /// </summary>
    public static bool NamedExplicitly(string host, IPAddress address) =>
        (IPAddress.TryParse(host.Trim('[', ']'), out var literal) && literal.Equals(address)) ||
        (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) && IPAddress.IsLoopback(address));
}
