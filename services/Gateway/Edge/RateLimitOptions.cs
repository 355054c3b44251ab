namespace TokenJourney.Gateway.Edge;

/// <summary>A token bucket per subject (per client for client-credentials tokens).</summary>
public sealed class RateLimitOptions
{
    public int TokenLimit { get; set; } = 2_000;
    public int TokensPerSecond { get; set; } = 500;
}
