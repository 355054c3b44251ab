using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.ServiceDiscovery;

namespace TokenJourney.ServiceDefaults.Authentication;

public static class KeycloakAuthorityDiscovery
{
    /// <summary>
    /// Token validation against a Keycloak realm found by service name, the shape of Aspire's
    /// <c>AddKeycloakJwtBearer(serviceName, realm)</c>: with <c>Identity:Authority</c> unset, the authority is
    /// <c>{the endpoint service discovery gives for <paramref name="serviceName"/>}/realms/{realm}</c>, so a service
    /// referenced by an AppHost (<c>WithReference(identity)</c>, i.e. <c>services__identity__http__0</c>) needs nothing
    /// else. A configured <c>Identity:Authority</c> (an external Keycloak) wins.
    /// </summary>
    public static IHostApplicationBuilder AddKeycloakJwtBearer(this IHostApplicationBuilder builder, string serviceName, string realm,
        bool authenticateEveryRequest = true)
    {
        builder.AddTokenValidation(authenticateEveryRequest);
        builder.Services.AddOptions<TokenValidationOptions>()
            .PostConfigure<ServiceEndpointResolver>((options, resolver) =>
            {
                if (string.IsNullOrWhiteSpace(options.Authority))
                {
                    options.Authority = DiscoverAuthority(resolver, serviceName, realm);
                }
            });
        return builder;
    }

    /// <summary>The realm URL on the first http endpoint service discovery knows for <paramref name="serviceName"/>; empty if none.</summary>
    public static string DiscoverAuthority(ServiceEndpointResolver resolver, string serviceName, string realm)
    {
        // Options are built synchronously; configuration-based discovery (what an AppHost provides) answers at once.
        var endpoints = resolver.GetEndpointsAsync($"http://{serviceName}", CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var origin = endpoints.Endpoints.Select(e => e.EndPoint).FirstOrDefault() switch
        {
            UriEndPoint uri => uri.Uri.GetLeftPart(UriPartial.Authority),
            DnsEndPoint dns => $"http://{dns.Host}:{dns.Port}",
            IPEndPoint ip => $"http://{ip}",
            _ => null,
        };
        // With nothing configured, service discovery passes the name through unresolved ("http://identity:80"): no provider.
        return origin is null || new Uri(origin).Host == serviceName ? "" : $"{origin}/realms/{realm}";
    }
}
