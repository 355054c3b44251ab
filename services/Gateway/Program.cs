using TokenJourney.Gateway;
using TokenJourney.Gateway.Revocation;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();

// No default scheme, so nothing authenticates a proxied request but the edge middleware. The support policy names
// its scheme, so the authorization middleware authenticates only where an endpoint asks for it.
app.UseAuthorization();
app.MapDefaultEndpoints();
app.MapRevocationEndpoints();
app.MapGatewayProxy();
app.Run();

/// <summary>Visible to tests and the benchmark host.</summary>
public partial class Program;
