namespace TokenJourney.IntegrationTests.Hosting;

/// <summary>
/// Tests that read a process-wide counter of the shared system (the gateway's resolutions at the IdP): xunit runs this
/// collection alone, after every parallel test has finished, so no other test's requests move the counter between the
/// readings.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CountersCollection
{
    public const string Name = "Counters: reads process-wide counters";
}
