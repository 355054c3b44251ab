using System.Net;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.ServiceDiscovery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace TokenJourney.Gateway.Proxy;

/// <summary>
/// Lets YARP destinations name services (<c>http://orders</c>) the way HttpClients do, resolved by
/// Microsoft.Extensions.ServiceDiscovery (config <c>services:orders:http:0</c> under AppHost, DNS elsewhere).
/// Stands in for Microsoft.Extensions.ServiceDiscovery.Yarp, which the package mirror does not carry.
/// </summary>
public sealed class ServiceDiscoveryDestinationResolver(ServiceEndpointResolver resolver) : IDestinationResolver
{
    public async ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(
        IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
        var changeTokens = new List<IChangeToken>();
        foreach (var (name, destination) in destinations)
        {
            var address = new Uri(destination.Address);
            var source = await resolver.GetEndpointsAsync(address.GetLeftPart(UriPartial.Authority), cancellationToken);
            changeTokens.Add(source.ChangeToken);
            var index = 0;
            foreach (var endpoint in source.Endpoints)
            {
                var builder = new UriBuilder(address) { Host = "", Port = -1 };
                switch (endpoint.EndPoint)
                {
                    case UriEndPoint uri:
                        builder.Scheme = uri.Uri.Scheme;
                        builder.Host = uri.Uri.Host;
                        builder.Port = uri.Uri.Port;
                        break;
                    case DnsEndPoint dns:
                        builder.Host = dns.Host;
                        builder.Port = dns.Port;
                        break;
                    case IPEndPoint ip:
                        builder.Host = ip.Address.ToString();
                        builder.Port = ip.Port;
                        break;
                    default:
                        continue;
                }
                var key = source.Endpoints.Count == 1 ? name : $"{name}[{index++}]";
                resolved[key] = destination with { Address = builder.Uri.ToString() };
            }
        }
        IChangeToken? change = changeTokens.Count switch
        {
            0 => null,
            1 => changeTokens[0],
            _ => new CompositeChangeToken(changeTokens),
        };
        return new ResolvedDestinationCollection(resolved, change);
    }
}
