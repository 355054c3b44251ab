using System.ComponentModel.DataAnnotations;

namespace TokenJourney.Gateway.Edge;

/// <summary>How the gateway treats tokens at the edge, bound from the <c>Gateway</c> section.</summary>
public sealed class EdgeOptions : IValidatableObject
{
    public const string SectionName = "Gateway";

    /// <summary>The audience the gateway exchanges opaque tokens for: the service behind it.</summary>
    [Required(ErrorMessage = "Gateway:ExchangeAudience is required (the audience of the JWT forwarded for an opaque token, e.g. orders).")]
    public string ExchangeAudience { get; set; } = "orders";

    /// <summary>
    /// Upper bound on how long a resolved opaque token is trusted without asking the IdP again. A token revoked at
    /// the IdP (not through the deny-list) is refused at the latest this long after revocation.
    /// </summary>
    [Range(1, 3600, ErrorMessage = "Gateway:PhantomCacheSeconds must be between 1 and 3600.")]
    public int PhantomCacheSeconds { get; set; } = 60;

    /// <summary>How long an opaque token the IdP refused is refused locally without asking again (a flood of junk tokens is not forwarded to the IdP).</summary>
    [Range(0, 60, ErrorMessage = "Gateway:NegativeCacheSeconds must be between 0 and 60.")]
    public int NegativeCacheSeconds { get; set; } = 5;

    /// <summary>Entries in the in-process memo of verified tokens (by hash).</summary>
    [Range(100, 1_000_000, ErrorMessage = "Gateway:MemoEntries must be between 100 and 1000000.")]
    public int MemoEntries { get; set; } = 50_000;

    /// <summary>An unknown <c>kid</c> refetches the JWKS at most once per this interval.</summary>
    [Range(1, 300, ErrorMessage = "Gateway:JwksMinRefreshSeconds must be between 1 and 300.")]
    public int JwksMinRefreshSeconds { get; set; } = 2;

    /// <summary>The JWKS is refetched in any case after this long, so removed keys stop being trusted.</summary>
    [Range(60, 86_400, ErrorMessage = "Gateway:JwksMaxAgeSeconds must be between 60 and 86400.")]
    public int JwksMaxAgeSeconds { get; set; } = 600;

    /// <summary>How long a deny-listed session stays refused: the longest an access token of that session can live.</summary>
    [Range(60, 604_800, ErrorMessage = "Gateway:SessionDenySeconds must be between 60 and 604800.")]
    public int SessionDenySeconds { get; set; } = 36_000;

    /// <summary>How long a deny-listed jti stays refused when the revoker does not say.</summary>
    [Range(60, 604_800, ErrorMessage = "Gateway:TokenDenySeconds must be between 60 and 604800.")]
    public int TokenDenySeconds { get; set; } = 3_600;

    /// <summary>
    /// When Redis cannot answer a deny-list check: false (default) refuses the request with 503 (a revoked token
    /// must never pass); true lets validated tokens through, trading revocation for availability.
    /// </summary>
    public bool DenyListFailOpen { get; set; }

    public RateLimitOptions RateLimit { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RateLimit.TokenLimit < 1 || RateLimit.TokensPerSecond < 1)
        {
            yield return new ValidationResult("Gateway:RateLimit:TokenLimit and Gateway:RateLimit:TokensPerSecond must be at least 1.");
        }
    }
}
