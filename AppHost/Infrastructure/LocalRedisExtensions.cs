namespace TokenJourney.AppHost.Infrastructure;

public static class LocalRedisExtensions
{
    /// <summary>
    /// A local redis-server: persistent (append-only file, fsync every second) unless the run is ephemeral, healthy
    /// once it answers PING, so <c>WaitFor</c> means "answers its protocol".
    /// </summary>
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name, RunSettings run)
    {
        var redis = new LocalRedisResource(name, run.Executable("redis-server"), run.DataDirectory(name));
        return builder.AddResource(redis)
            .WithEndpoint(port: RunSettings.FreePort(), name: LocalRedisResource.PrimaryEndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                context.Args.Add("--save");
                context.Args.Add("");
                if (run.Ephemeral)
                {
                    context.Args.Add("--appendonly");
                    context.Args.Add("no");
                }
                else
                {
                    context.Args.Add("--dir");
                    context.Args.Add(redis.WorkingDirectory);
                    context.Args.Add("--appendonly");
                    context.Args.Add("yes");
                    context.Args.Add("--appendfsync");
                    context.Args.Add("everysec");
                }
            })
            .WithProtocolHealthCheck(builder, redis.PrimaryEndpoint, ProtocolProbes.RedisPingAsync)
            .WithIconName("Database");
    }
}
