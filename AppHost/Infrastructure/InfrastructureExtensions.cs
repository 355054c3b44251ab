namespace TokenJourney.AppHost.Infrastructure;

/// <summary>
/// Redis and RabbitMQ for this run, from one of three places: a connection string in configuration (an instance the
/// user already runs), Aspire's container integrations where a container engine exists, or local processes from
/// Debian's packages (the default here). Services cannot tell which: each gets <c>ConnectionStrings__{name}</c>.
/// </summary>
public static class InfrastructureExtensions
{
    public static IResourceBuilder<IResourceWithConnectionString> AddCache(this IDistributedApplicationBuilder builder, string name, RunSettings run)
    {
        if (IsConfigured(builder, name))
        {
            return builder.AddConnectionString(name);
        }
        return run.Infrastructure == InfrastructureMode.Containers
            ? builder.AddRedis(name).WithDataVolume()
            : builder.AddLocalRedis(name, run);
    }

    public static IResourceBuilder<IResourceWithConnectionString> AddMessaging(this IDistributedApplicationBuilder builder, string name, RunSettings run)
    {
        if (IsConfigured(builder, name))
        {
            return builder.AddConnectionString(name);
        }
        return run.Infrastructure == InfrastructureMode.Containers
            ? builder.AddRabbitMQ(name).WithManagementPlugin().WithDataVolume()
            : builder.AddLocalRabbitMQ(name, run);
    }

    private static bool IsConfigured(IDistributedApplicationBuilder builder, string name) =>
        !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name));
}
