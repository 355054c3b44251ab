using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Foundation;

[Collection(DisruptiveCollection.Name)]
public sealed class IsolationTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task A_second_system_starts_beside_the_first_without_colliding_and_leaves_nothing_running()
    {
        var runDirectory = Directory.CreateTempSubdirectory("tokenjourney-second").FullName;
        var processes = new List<int>();
        try
        {
            var builder = await Topologies.ModelAsync("AppHost:FreePorts=true", $"AppHost:RunDirectory={runDirectory}");
            await using (var second = await Topologies.StartAsync(builder, TokenJourneyFixture.Resources))
            {
                var firstPorts = TokenJourneyFixture.Resources.SelectMany(r => Ports(App.App, r)).ToList();
                var secondPorts = TokenJourneyFixture.Resources.SelectMany(r => Ports(second, r)).ToList();
                Assert.Empty(secondPorts.Intersect(firstPorts));
                Assert.Equal(secondPorts.Count, secondPorts.Distinct().Count());
                Assert.All(TokenJourneyFixture.Resources, r => Assert.Equal(HealthStatus.Healthy, App.Snapshot(r).HealthStatus));

                foreach (var resource in TokenJourneyFixture.Resources)
                {
                    var running = await second.ResourceNotifications.WaitForResourceAsync(resource, e => TokenJourneyFixture.Pid(e.Snapshot) is not null, Cancellation);
                    processes.Add(TokenJourneyFixture.Pid(running.Snapshot)!.Value);
                }
                Assert.Equal(TokenJourneyFixture.Resources.Length, processes.Distinct().Count());
                await second.StopAsync(Cancellation);
            }

            Assert.DoesNotContain(processes, ProcessTree.IsAlive);
        }
        finally
        {
            ProcessTree.Kill(processes);
            Directory.Delete(runDirectory, recursive: true);
        }
    }

    private static IEnumerable<int> Ports(DistributedApplication app, string resource) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource) is IResourceWithEndpoints withEndpoints
            ? withEndpoints.Annotations.OfType<EndpointAnnotation>().Select(e => e.AllocatedEndpoint?.Port ?? e.Port ?? 0)
            : [];
}
