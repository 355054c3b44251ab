namespace TokenJourney.AppHost.Infrastructure;

/// <summary>
/// RabbitMQ as a local broker from Debian's package, isolated from any system broker: its own node name, ports, epmd
/// and data folder (durable queues and persistent messages survive a restart unless the run is ephemeral). Its
/// connection string has the shape Aspire.Hosting.RabbitMQ gives (<c>amqp://user:password@host:port</c>).
/// </summary>
public sealed class LocalRabbitMqResource(string name, string command, string baseDirectory)
    : ExecutableResource(name, command, baseDirectory), IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";
    public const string ManagementEndpointName = "management";
    public const string DistributionEndpointName = "distribution";

    private EndpointReference? _primaryEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, PrimaryEndpointName);

    public string BaseDirectory => WorkingDirectory;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{RabbitMqDefinitions.User}:{RabbitMqDefinitions.Password}@{PrimaryEndpoint.Property(EndpointProperty.IPV4Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}

/// <summary>
/// The broker's own Erlang port mapper, run in the foreground as a resource of its own: started by the broker, epmd
/// would daemonize and outlive it (and AppHost), out of the orchestrator's reach.
/// </summary>
public sealed class EpmdResource(string name, string command, string workingDirectory) : ExecutableResource(name, command, workingDirectory)
{
    public const string EndpointName = "tcp";

    private EndpointReference? _endpoint;

    public EndpointReference Endpoint => _endpoint ??= new(this, EndpointName);
}
