using System.ComponentModel.DataAnnotations;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Storefront.SignIn;

/// <summary>
/// The Storefront as a confidential OIDC client, bound from the <c>Identity</c> section
/// (AppHost passes the authority, client id and secret; the secret comes from the realm file).
/// </summary>
public sealed class IdentityClientOptions : IValidatableObject
{
    public const string SectionName = "Identity";

    [Required(ErrorMessage = "Identity:Authority is required (the realm URL, e.g. http://localhost:8080/realms/tokenjourney).")]
    public string Authority { get; set; } = "";

    [Required(ErrorMessage = "Identity:ClientId is required (the Storefront's client id in the realm, storefront).")]
    public string ClientId { get; set; } = "";

    [Required(ErrorMessage = "Identity:ClientSecret is required (AppHost reads it from the realm file).")]
    public string ClientSecret { get; set; } = "";

    /// <summary>offline_access yields the refresh token that resumes orders whose token expired in a queue.</summary>
    [Required]
    public string Scope { get; set; } = $"openid profile offline_access {Scopes.OrdersRead} {Scopes.OrdersWrite}";

    /// <summary>An access token this close to expiry is refreshed before use rather than sent to fail.</summary>
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromSeconds(5);

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

        if (!Scope.Split(' ').Contains("openid"))
        {
            yield return new ValidationResult("Identity:Scope must include openid: the Storefront signs users in with OpenID Connect.");
        }
    }
}
