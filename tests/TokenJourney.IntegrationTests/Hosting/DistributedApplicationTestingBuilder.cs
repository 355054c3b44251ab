using TokenJourney.AppHost.Hosting;

namespace TokenJourney.IntegrationTests.Hosting;

/// <summary>
/// Builds AppHost's topology for a test, as Aspire.Hosting.Testing does: the same <c>Program.Compose</c>, but every
/// port free and a throw-away run folder, so two test runs (or two topologies in one run) never collide.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    public static DistributedApplicationBuilder Create(Action<DistributedApplicationOptions>? configure = null)
    {
        var builder = DistributedApplication.CreateBuilder(["--ephemeral", "--free-ports"]);
        builder.Options.WriteLogsToConsole = false;
        builder.Options.StartTimeout = TimeSpan.FromSeconds(120);
        configure?.Invoke(builder.Options);
        return builder;
    }

    /// <summary>The whole TokenJourney topology, exactly as <c>dotnet run --project AppHost</c> declares it.</summary>
    public static DistributedApplicationBuilder CreateTokenJourney(Action<DistributedApplicationOptions>? configure = null)
    {
        var builder = Create(configure);
        Program.Compose(builder);
        return builder;
    }
}
