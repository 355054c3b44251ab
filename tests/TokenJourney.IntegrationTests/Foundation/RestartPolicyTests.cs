using System.Net;
using Aspire.Hosting.ApplicationModel;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Foundation;

/// <summary>A service that crashes comes back by itself, as under an orchestrator; one stopped on purpose stays stopped.</summary>
[Collection(DisruptiveCollection.Name)]
public sealed class RestartPolicyTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task A_service_killed_with_SIGKILL_is_started_again_by_AppHost_and_healthy()
    {
        var killed = App.KillResource("inventory");

        await App.App.ResourceNotifications.WaitForResourceAsync("inventory",
                e => e.Snapshot.ExitCode is not (null or 0) && e.Snapshot.State?.Text is { } s && KnownResourceStates.TerminalStates.Contains(s), Cancellation)
            .WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        await App.WaitUntilHealthyAsync("inventory", TimeSpan.FromSeconds(90));

        Assert.NotEqual(killed, App.ProcessId("inventory"));
        Assert.False(ProcessTree.IsAlive(killed));
        using var http = App.CreateHttpClient("inventory");
        await WaitForHealthAsync(http, HttpStatusCode.OK);
        // Said where a dashboard user looks: the resource's own console log.
        Assert.Contains("inventory exited with code", App.Logs("inventory"));
    }

    [Fact]
    public async Task A_service_stopped_with_the_dashboards_Stop_command_is_not_started_again()
    {
        await App.StopResourceAsync("storefront");
        try
        {
            // Longer than the restart policy's minimum interval: a restart would have happened by now.
            await Task.Delay(TimeSpan.FromSeconds(12), Cancellation);
            Assert.True(KnownResourceStates.TerminalStates.Contains(App.State("storefront")!), $"storefront is {App.State("storefront")}");
        }
        finally
        {
            await App.StartResourceAsync("storefront");
        }
    }
}
