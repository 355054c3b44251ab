namespace TokenJourney.Gateway.Revocation;

/// <summary>Thrown when the shared store (Redis) cannot answer; callers apply the documented fallback.</summary>
public sealed class SharedStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Resolved phantom tokens shared by every gateway instance, keyed by the opaque token's SHA-256.</summary>
public interface IPhantomTokenStore
{
    Task<string?> GetAsync(string tokenHash);
    Task SetAsync(string tokenHash, string jwt, TimeSpan timeToLive);
}

/// <summary>Revoked token ids (<c>jti</c>) and sessions (<c>sid</c>), shared by every gateway instance.</summary>
public interface IDenyList
{
    /// <summary>True when the jti or the sid is deny-listed. Throws <see cref="SharedStoreUnavailableException"/> when it cannot tell.</summary>
    Task<bool> IsDeniedAsync(string? jti, string? sid);

    Task DenyTokenAsync(string jti, TimeSpan timeToLive);
    Task DenySessionAsync(string sid, TimeSpan timeToLive);
}
