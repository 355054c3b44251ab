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
