using Microsoft.Extensions.Configuration;
using TokenJourney.AppHost.Hosting.Resources;

namespace TokenJourney.AppHost.Hosting;

/// <summary>Collects the named resources of a topology, the way Aspire's IDistributedApplicationBuilder does.</summary>
public sealed class DistributedApplicationBuilder(IConfiguration configuration, DistributedApplicationOptions options)
{
    private readonly List<Resource> _resources = [];

    public IConfiguration Configuration { get; } = configuration;
    public DistributedApplicationOptions Options { get; } = options;
    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>The dashboard's address, known once <see cref="Build"/> has taken its port.</summary>
    public string DashboardUrl => $"http://localhost:{Options.DashboardPort}";

    public T AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DistributedApplicationException($"A resource named '{resource.Name}' is already declared.");
        }
        _resources.Add(resource);
        return resource;
    }

    /// <summary>Redis, local unless <c>ConnectionStrings:{name}</c> names an external instance.</summary>
    public RedisResource AddRedis(string name) =>
        AddResource(new RedisResource(name, NonEmpty(Configuration.GetConnectionString(name))));

    /// <summary>RabbitMQ, local unless <c>ConnectionStrings:{name}</c> names an external broker (an amqp:// URI).</summary>
    public RabbitMqResource AddRabbitMQ(string name) =>
        AddResource(new RabbitMqResource(name, NonEmpty(Configuration.GetConnectionString(name))));

    /// <summary>A .NET project of this repository, e.g. <c>AddProject("orders", "services/Orders", 8001)</c>.</summary>
    public ProjectResource AddProject(string name, string projectDirectory, int port) =>
        AddResource(new ProjectResource(name, projectDirectory, port));

    /// <summary>
    /// The identity provider: the built-in one serving <paramref name="realmFile"/>, or, when
    /// <c>Identity:Authority</c> is configured (a Keycloak realm URL), that external provider instead.
    /// </summary>
    public IdentityProviderResource AddIdentityProvider(string name, string projectDirectory, int port, string realmFile) =>
        AddResource(new IdentityProviderResource(name, projectDirectory, port, realmFile, NonEmpty(Configuration["Identity:Authority"])));

    public DistributedApplication Build()
    {
        PrepareRunDirectory();
        if (Options.DashboardPort == 0 || (Options.UseFreePorts && Options.DashboardPort is not null))
        {
            Options.DashboardPort = PortAllocator.FreePort();
        }
        foreach (var resource in _resources)
        {
            resource.Allocate(Options);
        }

        var taken = _resources.OfType<ProjectResource>()
            .Where(p => !p.IsExternal && !Options.UseFreePorts && !PortAllocator.IsFree(p.Port))
            .Select(p => $"port {p.Port} ({p.Name})")
            .ToList();
        if (Options.DashboardPort is > 0 and var dashboardPort && !PortAllocator.IsFree(dashboardPort))
        {
            taken.Add($"port {dashboardPort} (dashboard)");
        }
        if (taken.Count > 0)
        {
            throw new DistributedApplicationException(
                $"Already in use: {string.Join(", ", taken)}. Stop whatever uses it (another AppHost?), or run with --free-ports.");
        }

        return new DistributedApplication(_resources, Options);
    }

    private void PrepareRunDirectory()
    {
        if (string.IsNullOrEmpty(Options.RunDirectory))
        {
            Options.RunDirectory = Options.Ephemeral
                ? Path.Combine(Path.GetTempPath(), $"tokenjourney-{Guid.NewGuid():N}"[..24])
                : Path.Combine(Options.RepositoryRoot, ".run");
        }
        Options.RunDirectory = Directory.CreateDirectory(Options.RunDirectory).FullName;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
