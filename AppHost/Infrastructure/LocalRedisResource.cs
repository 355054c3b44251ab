namespace TokenJourney.AppHost.Infrastructure;

/// <summary>
/// Redis as a local <c>redis-server</c> (Debian's package) on a loopback port Aspire picks, with an append-only file in
/// the run folder so the phantom-token cache and the deny-list survive a restart. Its connection string has the shape
/// Aspire.Hosting.Redis gives (<c>host:port</c>), so services read <c>ConnectionStrings__cache</c> either way.
/// </summary>
public sealed class LocalRedisResource(string name, string command, string dataDirectory)
    : ExecutableResource(name, command, dataDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    private EndpointReference? _primaryEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.IPV4Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}
