using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using TokenJourney.Identity.Keys;
using TokenJourney.Identity.Realm;
using TokenJourney.ServiceDefaults.Authentication;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TokenJourney.Identity.Tokens;

/// <summary>
/// Token embedding: for a client with embedding rules in the realm (<see cref="EmbeddedTokenAttributes"/>), the access
/// token carries, in <see cref="EmbeddedTokens.ClaimName"/>, one JWT per downstream audience. Each is an RFC 9068 access
/// token of its own (<c>typ: at+jwt</c>, its own <c>jti</c>, the same <c>iss</c>, <c>sub</c>, <c>sid</c>, <c>client_id</c>,
/// <c>iat</c> and <c>exp</c> as the outer token, so it never outlives it), signed with the same active key, for one
/// audience and only the rule's scopes. Runs after OpenIddict has prepared the access token's principal (its dates are
/// set) and before it is signed, so the embedded tokens are inside the outer token's signature.
/// </summary>
public sealed class AccessTokensCarryEmbeddedTokens(RealmModel realm, SigningKeyRing keys) : IOpenIddictServerHandler<ProcessSignInContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ProcessSignInContext>()
            .UseSingletonHandler<AccessTokensCarryEmbeddedTokens>()
            .SetOrder(OpenIddictServerHandlers.PrepareAccessTokenPrincipal.Descriptor.Order + 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public ValueTask HandleAsync(ProcessSignInContext context)
    {
        if (context.AccessTokenPrincipal is not { } outer || realm.FindClient(context.ClientId) is not { EmbeddedTokens.Count: > 0 } client ||
            outer.GetCreationDate() is not { } issuedAt || outer.GetExpirationDate() is not { } expires)
        {
            return ValueTask.CompletedTask;
        }
        var issuer = context.Options.Issuer?.AbsoluteUri ?? throw new InvalidOperationException("The provider has no issuer configured.");
        var signing = PublicTokensAreSignedWithTheActiveKey.ActiveKey(context.Options, keys);
        var granted = outer.GetScopes();

        // The outer token's own scopes bound the first level: a client that asked for orders:read only gets an orders
        // token with orders:read only, and none at all when it asked for nothing that reaches orders.
        var embedded = new JsonObject();
        foreach (var rule in client.EmbeddedTokens)
        {
            var scopes = rule.Scopes.Where(granted.Contains).ToList();
            if (scopes.Count > 0)
            {
                embedded[rule.Audience] = Mint(rule, scopes, outer, client.ClientId, issuer, issuedAt, expires, signing);
            }
        }
        if (embedded.Count > 0)
        {
            outer.SetClaim(EmbeddedTokens.ClaimName, embedded);
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// One embedded token. Nested rules get exactly their configured scopes: the realm grants them to this client for
    /// that hop (as token exchange gives Orders its own scopes for a new audience).
    /// </summary>
    private static string Mint(EmbeddedTokenRule rule, IReadOnlyCollection<string> scopes, ClaimsPrincipal outer, string clientId, string issuer,
        DateTimeOffset issuedAt, DateTimeOffset expires, SigningCredentials signing)
    {
        var claims = new Dictionary<string, object>
        {
            [Claims.Subject] = outer.GetClaim(Claims.Subject)!,
            [Claims.JwtId] = Guid.NewGuid().ToString(),
            [Claims.ClientId] = clientId,
            [KeycloakClaims.AuthorizedParty] = clientId,
            [KeycloakClaims.TokenType] = KeycloakClaims.BearerType,
            [Claims.Scope] = string.Join(' ', scopes),
        };
        if (outer.GetClaim(KeycloakClaims.SessionId) is { } sid)
        {
            claims[KeycloakClaims.SessionId] = sid;
        }
        if (outer.GetClaim(KeycloakClaims.AuthTime) is { } authTime && long.TryParse(authTime, out var authSeconds))
        {
            claims[KeycloakClaims.AuthTime] = authSeconds;
        }
        if (rule.Nested.Count > 0)
        {
            claims[EmbeddedTokens.ClaimName] = rule.Nested.ToDictionary(
                nested => nested.Audience,
                nested => (object)Mint(nested, nested.Scopes, outer, clientId, issuer, issuedAt, expires, signing),
                StringComparer.Ordinal);
        }
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = rule.Audience,
            IssuedAt = issuedAt.UtcDateTime,
            Expires = expires.UtcDateTime,
            TokenType = JsonWebTokenTypes.AccessToken,
            Claims = claims,
            SigningCredentials = signing,
        });
    }
}
