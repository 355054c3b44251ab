using System.Text.Json.Serialization;

namespace TokenJourney.Storefront.SignIn;

/// <summary>The token endpoint's answer (RFC 6749 §5.1). Held only in server memory; never logged or rendered.</summary>
public sealed class TokenResponse
{
    [JsonPropertyName("access_token")]
    public string AccessToken { get; init; } = "";

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; init; }

    [JsonPropertyName("id_token")]
    public string? IdToken { get; init; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }
}

/// <summary>An OAuth error from the provider (RFC 6749 §5.2): the code and description are safe to show.</summary>
public sealed class IdentityProviderException(string error, string? description, int status)
    : Exception($"The identity provider answered {status} {error}{(description is null ? "" : ": " + description)}")
{
    public string Error { get; } = error;

    /// <summary>The refresh token is expired, revoked or already rotated: only a new sign-in helps.</summary>
    public bool RequiresSignIn => Error is "invalid_grant" or "unauthorized_client";
}
