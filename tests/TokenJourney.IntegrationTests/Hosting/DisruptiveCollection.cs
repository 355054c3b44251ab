namespace TokenJourney.IntegrationTests.Hosting;

/// <summary>
/// Tests that stop, kill or restart a shared resource (Redis, RabbitMQ, Shipping). xunit runs this collection
/// alone, after every parallel test has finished, so no other test sees the outage it causes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DisruptiveCollection
{
    public const string Name = "Disruptive: stops shared resources";
}
