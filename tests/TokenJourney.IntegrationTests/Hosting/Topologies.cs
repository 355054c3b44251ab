using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace TokenJourney.IntegrationTests.Hosting;

/// <summary>
/// AppHost's Program built again beside the shared system, for tests that need a run of their own: a second
/// topology, infrastructure alone in a folder of the test's choosing, or the application model of another mode.
/// </summary>
public static class Topologies
{
    /// <summary>AppHost's model with <paramref name="args"/> (configuration keys), not started.</summary>
    public static Task<IDistributedApplicationTestingBuilder> ModelAsync(params string[] args) =>
        DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(args, TestContext.Current.CancellationToken);

    /// <summary>AppHost's model on free ports in <paramref name="runDirectory"/>, keeping only the named resources.</summary>
    public static async Task<IDistributedApplicationTestingBuilder> OnlyAsync(string runDirectory, params string[] keep)
    {
        var builder = await ModelAsync("AppHost:FreePorts=true", $"AppHost:RunDirectory={runDirectory}");
        foreach (var resource in builder.Resources.Where(r => !keep.Contains(r.Name) && r is not ParameterResource).ToList())
        {
            builder.Resources.Remove(resource);
        }
        return builder;
    }

    /// <summary>Starts <paramref name="builder"/>'s application and waits until each of <paramref name="resources"/> is healthy.</summary>
    public static async Task<DistributedApplication> StartAsync(IDistributedApplicationTestingBuilder builder, params string[] resources)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var app = await builder.BuildAsync(cancellation);
        try
        {
            await app.StartAsync(cancellation);
            await Task.WhenAll(resources.Select(r => app.ResourceNotifications.WaitForResourceHealthyAsync(r, cancellation)))
                .WaitAsync(TimeSpan.FromMinutes(3), cancellation);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
