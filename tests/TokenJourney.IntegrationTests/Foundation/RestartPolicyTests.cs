using System.Net;
using TokenJourney.AppHost.Hosting;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Foundation;

/// <summary>A service that crashes (or exits asking to be restarted) comes back by itself, as under an orchestrator.</summary>
[Collection(DisruptiveCollection.Name)]
public sealed class RestartPolicyTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task A_service_killed_from_outside_AppHost_is_restarted_and_healthy_again()
    {
        var inventory = App.App.GetResource("inventory");
        var before = inventory.ProcessIds.Single();

        System.Diagnostics.Process.GetProcessById(before).Kill();

        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (!(inventory.State == ResourceState.Running && inventory.ProcessIds is [var pid] && pid != before))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"inventory is {inventory.State} ({inventory.StateDetail}) 90 s after its process was killed");
            await Task.Delay(250, Cancellation);
        }
        using var http = App.CreateHttpClient("inventory");
        await WaitForHealthAsync(http, HttpStatusCode.OK, deadline - DateTimeOffset.UtcNow);
        Assert.Contains("restarting inventory", App.Logs("inventory"));
    }
}
