using System.ComponentModel.DataAnnotations;

namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>
/// How a service validates the access tokens it receives, bound from the <c>Identity</c> section.
/// A service knows only the authority and its own audience, never which provider issued the token.
/// </summary>
public sealed class TokenValidationOptions : IValidatableObject
{
    public const string SectionName = "Identity";

    /// <summary>The realm URL, e.g. http://localhost:8080/realms/tokenjourney. It is also the expected <c>iss</c>.</summary>
    [Required(ErrorMessage = "Identity:Authority is required (the realm URL, e.g. http://localhost:8080/realms/tokenjourney).")]
    public string Authority { get; set; } = "";

    /// <summary>This service's own audience; a token for anyone else is refused.</summary>
    [Required(ErrorMessage = "Identity:Audience is required (this service's own audience, e.g. orders).")]
    public string Audience { get; set; } = "";

    /// <summary>Tolerance for clock drift on exp/nbf. Kept small: every second added extends a stolen token's life.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Explicit allow-list; <c>none</c> and symmetric algorithms can never be configured.</summary>
    public string[] AllowedAlgorithms { get; set; } = ["RS256", "PS256", "ES256"];

    /// <summary>
    /// Longest lifetime (<c>exp - iat</c>) an access token may claim; longer ones are refused whatever their signature.
    /// Default 15 minutes: the realm's longest access-token lifespan is its <c>accessTokenLifespanForImplicitFlow</c>
    /// (900 s; the realm default is 300 s, clients 60 s and 15 s, see keycloak-realm/). Raise it with the realm, never beyond it.
    /// </summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Accept access tokens whose header says <c>typ: JWT</c> (when their payload says Keycloak's <c>"typ": "Bearer"</c>)
    /// besides RFC 9068's <c>at+jwt</c>. On by default because a real Keycloak issues exactly that; turn it off where
    /// only RFC 9068 issuers are trusted.
    /// </summary>
    public bool AcceptJwtType { get; set; } = true;

    /// <summary>Longest token read at all, in characters: a larger one is refused before any parsing or key lookup.</summary>
    public int MaxTokenLength { get; set; } = 8 * 1024;

    /// <summary>Longest <c>sub</c>, <c>jti</c> and client id accepted (OpenID Connect bounds <c>sub</c> at 255 ASCII characters).</summary>
    public int MaxIdentifierLength { get; set; } = 255;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) ||
            (authority.Scheme != Uri.UriSchemeHttp && authority.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"Identity:Authority must be an absolute http(s) URL; got '{Authority}'.");
        }
        else if (authority.Scheme == Uri.UriSchemeHttp && !authority.IsLoopback)
        {
            yield return new ValidationResult("Identity:Authority must use https unless it is a loopback address.");
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromSeconds(30))
        {
            yield return new ValidationResult("Identity:ClockSkew must be between 00:00:00 and 00:00:30.");
        }

        if (MaxLifetime < TimeSpan.FromMinutes(1) || MaxLifetime > TimeSpan.FromHours(24))
        {
            yield return new ValidationResult("Identity:MaxLifetime must be between 00:01:00 and 1.00:00:00.");
        }
        if (MaxTokenLength is < 1024 or > 64 * 1024)
        {
            yield return new ValidationResult("Identity:MaxTokenLength must be between 1024 and 65536 characters.");
        }
        if (MaxIdentifierLength is < 36 or > 4096)
        {
            yield return new ValidationResult("Identity:MaxIdentifierLength must be between 36 and 4096 characters.");
        }

        var refused = AllowedAlgorithms.Where(a => !AsymmetricAlgorithms.Contains(a)).ToArray();
        if (AllowedAlgorithms.Length == 0 || refused.Length > 0)
        {
            yield return new ValidationResult(
                $"Identity:AllowedAlgorithms may only list asymmetric algorithms ({string.Join(", ", AsymmetricAlgorithms)}); refused: {string.Join(", ", refused)}.");
        }
    }

    private static readonly HashSet<string> AsymmetricAlgorithms =
        ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];
}
