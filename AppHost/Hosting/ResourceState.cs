namespace TokenJourney.AppHost.Hosting;

/// <summary>The life of a resource, named as the Aspire dashboard names it.</summary>
public enum ResourceState
{
    NotStarted,
    Waiting,
    Starting,
    Running,
    Stopping,
    Stopped,
    Exited,
    FailedToStart,
}

public enum HealthStatus
{
    Unknown,
    Healthy,
    Unhealthy,
}
