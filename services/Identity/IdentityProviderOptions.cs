using System.ComponentModel.DataAnnotations;

namespace TokenJourney.Identity;

/// <summary>The provider's own settings (section <c>Identity</c>); <see cref="Authority"/> is every token's issuer.</summary>
public sealed class IdentityProviderOptions : IValidatableObject
{
    public const string SectionName = "Identity";

    [Required(ErrorMessage = "Identity:Authority is required: the realm URL this provider issues tokens as, e.g. http://localhost:8080/realms/tokenjourney.")]
    public string Authority { get; set; } = "";

    /// <summary>Optional operator credential (HTTP Basic) for the admin endpoints, besides a token with the support role.</summary>
    public string? AdminUsername { get; set; }

    public string? AdminPassword { get; set; }

    public Uri AuthorityUri => new(Authority.TrimEnd('/'));

    /// <summary>The realm name taken from the authority's path (<c>/realms/{name}</c>).</summary>
    public string RealmName => AuthorityUri.AbsolutePath.TrimEnd('/').Split('/')[^1];

    /// <summary>The path every realm endpoint lives under, e.g. <c>realms/tokenjourney/</c> (relative, as OpenIddict wants it).</summary>
    public string RealmPath => AuthorityUri.AbsolutePath.Trim('/') + "/";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Authority.TrimEnd('/'), UriKind.Absolute, out var authority) ||
            (authority.Scheme != Uri.UriSchemeHttp && authority.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"Identity:Authority must be an absolute http(s) URL; got '{Authority}'.");
            yield break;
        }
        var segments = authority.AbsolutePath.Trim('/').Split('/');
        if (segments.Length < 2 || segments[^2] != "realms" || string.IsNullOrEmpty(segments[^1]))
        {
            yield return new ValidationResult($"Identity:Authority must end with /realms/<realm name>, as a Keycloak realm URL does; got '{Authority}'.");
        }
        if (!string.IsNullOrEmpty(authority.Query) || !string.IsNullOrEmpty(authority.Fragment))
        {
            yield return new ValidationResult("Identity:Authority must not carry a query or a fragment.");
        }
        if (string.IsNullOrEmpty(AdminUsername) != string.IsNullOrEmpty(AdminPassword))
        {
            yield return new ValidationResult("Identity:AdminUsername and Identity:AdminPassword go together: set both or neither.");
        }
    }
}
