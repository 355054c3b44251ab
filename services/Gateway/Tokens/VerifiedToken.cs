using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Gateway.Tokens;

/// <summary>
/// What the gateway remembers about a token it verified: the JWT to forward (the token itself, or the JWT an opaque
/// token was exchanged for), the facts the edge needs on every request and the tokens it embeds by audience. Never logged.
/// </summary>
public sealed record VerifiedToken(
    string ForwardToken,
    string Strategy,
    DateTimeOffset Expires,
    string? Subject,
    string? ClientId,
    string? Jti,
    string? Sid,
    string? Scope,
    string? Audience,
    IReadOnlyDictionary<string, string> Embedded)
{
    public const string Forwarded = "forwarded";
    public const string Phantom = "phantom";
    /// <summary>Taken from the caller's token for the route's audience (token embedding).</summary>
    public const string EmbeddedStrategy = "embedded";
    /// <summary>Exchanged at the IdP for the route's audience (a JWT the caller sent; an opaque one is <see cref="Phantom"/>).</summary>
    public const string Exchanged = "exchanged";

    // The properties below are computed once per verified token, not per request: the memo hands the same instance
    // to every request carrying it.
    public string? JtiHash { get; } = Jti is null ? null : TokenFacts.HashJti(Jti);

    /// <summary>The header value that replaces whatever the client sent.</summary>
    public string ForwardAuthorization { get; } = "Bearer " + ForwardToken;

    /// <summary>A client-credentials token has no user session; its rate-limit partition is the client, not the service account.</summary>
    public string RateLimitPartition { get; } = Sid is null && ClientId is not null ? "client:" + ClientId : "sub:" + (Subject ?? ClientId ?? "anonymous");

    public IReadOnlyCollection<string> Scopes { get; } = Scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
}
