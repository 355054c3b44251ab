using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace TokenJourney.Orders.TokenExchange;

/// <summary>A token the IdP issued to Orders for one downstream audience. Its ToString never shows the token.</summary>
public sealed class ExchangedToken(string accessToken, DateTimeOffset expiresAt)
{
    public string AccessToken { get; } = accessToken;
    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>The token's claims, unverified: only for describing it on a span (the receiver verifies it).</summary>
    public ClaimsPrincipal Describe() => new(new ClaimsIdentity(new JsonWebToken(AccessToken).Claims));

    public override string ToString() => $"exchanged token (expires {ExpiresAt:O})";
}
