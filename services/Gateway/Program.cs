using TokenJourney.Gateway;
using TokenJourney.Gateway.Edge;
using TokenJourney.Gateway.Revocation;
using TokenJourney.ServiceDefaults.Authentication;
using TokenJourney.ServiceDefaults.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddRedisClient("cache");
// JwtBearer serves only the gateway's own admin endpoints; proxied routes are decided by the edge middleware.
builder.AddTokenValidation(authenticateEveryRequest: false);
builder.AddEdgeTokenHandling();
builder.AddGatewayProxy();

var app = builder.Build();

// No default scheme, so nothing authenticates a proxied request but the edge middleware. The support policy names
// its scheme, so the authorization middleware authenticates only where an endpoint asks for it.
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapRevocationEndpoints();
app.MapReverseProxy(proxy =>
{
    proxy.UseMiddleware<EdgeAuthenticationMiddleware>();
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});
app.Run();

/// <summary>Visible to tests and the benchmark host.</summary>
public partial class Program;
