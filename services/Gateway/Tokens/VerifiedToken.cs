using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Gateway.Tokens;

/// <summary>
/// What the gateway remembers about a token it verified: the JWT to forward (the token itself, or the JWT an opaque
/// token was exchanged for) and the facts the edge needs on every request. Never logged.
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
    string? Audience)
{
    public const string Forwarded = "forwarded";
    public const string Phantom = "phantom";

    public string? JtiHash { get; } = Jti is null ? null : TokenFacts.HashJti(Jti);

    /// <summary>A client-credentials token has no user session; its rate-limit partition is the client, not the service account.</summary>
    public bool IsClientCredentials => Sid is null && ClientId is not null;

    public string RateLimitPartition => IsClientCredentials ? "client:" + ClientId : "sub:" + (Subject ?? ClientId ?? "anonymous");

    public IReadOnlyCollection<string> Scopes => Scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
}
