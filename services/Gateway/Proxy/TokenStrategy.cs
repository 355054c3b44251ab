namespace TokenJourney.Gateway.Proxy;

/// <summary>How a route shares the caller's token with the service behind it (README, "Which token strategy when").</summary>
public enum TokenStrategy
{
    /// <summary>The verified JWT goes on unchanged (an opaque token: the JWT it resolved to). Today's behaviour and the default.</summary>
    Forward,
    /// <summary>The JWT embedded in the caller's token for the route's audience, validated in its turn, goes on alone.</summary>
    Embed,
    /// <summary>The caller's token is exchanged at the IdP (RFC 8693) for one for the route's audience, which goes on alone.</summary>
    Exchange,
}
