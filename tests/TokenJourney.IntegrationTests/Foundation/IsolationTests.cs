using TokenJourney.AppHost.Hosting;
using TokenJourney.AppHost.Hosting.Resources;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Foundation;

public sealed class IsolationTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task A_second_topology_starts_beside_the_first_without_colliding_and_leaves_nothing_running()
    {
        await using var second = DistributedApplicationTestingBuilder.CreateTokenJourney().Build();
        await second.StartAsync(Cancellation);

        Assert.All(second.Resources, r => Assert.Equal(ResourceState.Running, r.State));
        Assert.NotEqual(App.App.Options.RunDirectory, second.Options.RunDirectory);
        var firstPorts = Ports(App.App);
        Assert.Empty(Ports(second).Intersect(firstPorts));
        Assert.All(App.App.Resources, r => Assert.Equal(HealthStatus.Healthy, r.Health));

        var processes = second.Resources.SelectMany(r => r.ProcessIds).ToList();
        Assert.True(processes.Count >= 9, $"expected every resource's processes, saw {processes.Count}");
        await second.StopAsync();

        Assert.DoesNotContain(processes, ProcessTree.IsAlive);
    }

    [Fact]
    public async Task A_missing_infrastructure_binary_fails_the_start_with_a_message_that_says_what_to_run()
    {
        var emptyDirectory = Directory.CreateTempSubdirectory("tokenjourney-nobin").FullName;
        var builder = DistributedApplicationTestingBuilder.Create(o =>
        {
            o.ExecutableSearchPath = [emptyDirectory];
            o.DashboardPort = null;
        });
        var cache = builder.AddRedis("cache");
        await using var topology = builder.Build();

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => topology.StartAsync(Cancellation));

        Assert.Contains("redis-server not found: run eng/setup.sh", error.Message);
        Assert.Equal(ResourceState.FailedToStart, cache.State);
    }

    private static HashSet<int> Ports(DistributedApplication topology)
    {
        var ports = new HashSet<int>();
        foreach (var resource in topology.Resources)
        {
            switch (resource)
            {
                case ProjectResource project: ports.Add(project.Port); break;
                case RedisResource redis: ports.Add(redis.Port); break;
                case RabbitMqResource broker: ports.Add(broker.AmqpPort); ports.Add(broker.ManagementPort); break;
            }
        }
        if (topology.Options.DashboardPort is { } dashboard)
        {
            ports.Add(dashboard);
        }
        return ports;
    }
}
