namespace TokenJourney.AppHost.Hosting;

/// <summary>A failure to compose or run the topology, with a message meant for the person at the console.</summary>
public sealed class DistributedApplicationException(string message, Exception? inner = null) : Exception(message, inner);
