namespace TokenJourney.Gateway.Revocation;

/// <summary>Thrown when the shared store (Redis) cannot answer; callers apply the documented fallback.</summary>
public sealed class SharedStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
