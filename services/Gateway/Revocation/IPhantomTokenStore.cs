namespace TokenJourney.Gateway.Revocation;

/// <summary>Resolved phantom tokens shared by every gateway instance, keyed by the opaque token's SHA-256.</summary>
public interface IPhantomTokenStore
{
    Task<string?> GetAsync(string tokenHash);
    Task SetAsync(string tokenHash, string jwt, TimeSpan timeToLive);
}
