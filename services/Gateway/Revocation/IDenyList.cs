namespace TokenJourney.Gateway.Revocation;

/// <summary>Revoked token ids (<c>jti</c>) and sessions (<c>sid</c>), shared by every gateway instance.</summary>
public interface IDenyList
{
    /// <summary>True when the jti or the sid is deny-listed. Throws <see cref="SharedStoreUnavailableException"/> when it cannot tell.</summary>
    Task<bool> IsDeniedAsync(string? jti, string? sid);

    Task DenyTokenAsync(string jti, TimeSpan timeToLive);
    Task DenySessionAsync(string sid, TimeSpan timeToLive);
}
