namespace TokenJourney.Orders.TokenExchange;

/// <summary>The IdP would not exchange the caller's token; <see cref="Error"/> is the OAuth error code, safe to show.</summary>
public sealed class TokenExchangeException(string audience, string error, int? status)
    : Exception($"The identity provider refused to exchange the token for audience '{audience}' ({error}).")
{
    public string Audience { get; } = audience;
    public string Error { get; } = error;
    public int? Status { get; } = status;

    /// <summary>
    /// The IdP refused the caller's token itself (invalid, expired, revoked): RFC 8693 2.2.2's invalid_request, which
    /// Keycloak 26 answers too. Orders chooses every other parameter itself, so invalid_request is the subject token's
    /// fault, and the caller's cue to refresh; invalid_target, invalid_scope or invalid_client are Orders' own.
    /// </summary>
    public bool SubjectTokenRefused => Error == "invalid_request";

    /// <summary>The IdP could not be reached or failed (5xx): nothing was decided about the token, so trying again later may work.</summary>
    public bool ProviderUnavailable => Status is null or >= 500;
}
