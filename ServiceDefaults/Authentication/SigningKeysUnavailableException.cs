namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>
/// A token's signature cannot be checked now: its key is not among the keys this service holds, and the identity
/// provider's keys cannot be fetched (it is down or unreachable). Transient, unlike a refusal: the token is neither
/// accepted nor refused, and the caller should try again (HTTP: 503 with <c>Retry-After</c>; a message: retried).
/// </summary>
public sealed class SigningKeysUnavailableException() : Exception(Message)
{
    public new const string Message = "The identity provider's signing keys cannot be fetched, so the token cannot be verified now.";

    /// <summary>How long a client should wait before trying again: about the time a provider takes to come back.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
}
