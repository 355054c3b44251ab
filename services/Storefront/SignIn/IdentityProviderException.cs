namespace TokenJourney.Storefront.SignIn;

/// <summary>An OAuth error from the provider (RFC 6749 §5.2): the code and description are safe to show.</summary>
public sealed class IdentityProviderException(string error, string? description, int status)
    : Exception($"The identity provider answered {status} {error}{(description is null ? "" : ": " + description)}")
{
    public string Error { get; } = error;

    /// <summary>The refresh token is expired, revoked or already rotated: only a new sign-in helps.</summary>
    public bool RequiresSignIn => Error is "invalid_grant" or "unauthorized_client";
}
