using System.Security.Claims;
using System.Text.Json;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TokenJourney.Identity.Tokens;

/// <summary>
/// Ties a user's grants to their SSO session. Codes, refresh tokens and reference tokens hang off an OpenIddict
/// authorization; OpenIddict would create an anonymous one per grant, so logout could only revoke every grant of the
/// user. Creating it here, tagged with the session's <c>sid</c>, lets logout end exactly that session, as Keycloak does,
/// and leaves the same user's other sessions (another browser, the test client) alone.
/// </summary>
public sealed class SessionAuthorizations(IOpenIddictAuthorizationManager authorizations, IOpenIddictApplicationManager applications,
    IOpenIddictTokenManager tokens)
{
    private const string SessionProperty = KeycloakClaims.SessionId;

    /// <summary>Creates the session-tagged authorization the tokens of this sign-in (and of its refreshes) belong to.</summary>
    public async Task AttachAsync(ClaimsPrincipal principal, string clientId, CancellationToken cancellation)
    {
        var sid = principal.GetClaim(KeycloakClaims.SessionId);
        if (string.IsNullOrEmpty(sid) || !string.IsNullOrEmpty(principal.GetAuthorizationId()))
        {
            return;
        }
        var application = await applications.FindByClientIdAsync(clientId, cancellation)
            ?? throw new InvalidOperationException($"The realm client '{clientId}' is not registered with OpenIddict.");
        var descriptor = new OpenIddictAuthorizationDescriptor
        {
            ApplicationId = await applications.GetIdAsync(application, cancellation),
            CreationDate = DateTimeOffset.UtcNow,
            Principal = principal,
            Status = Statuses.Valid,
            Subject = principal.GetClaim(Claims.Subject),
            Type = AuthorizationTypes.AdHoc,
        };
        descriptor.Scopes.UnionWith(principal.GetScopes());
        descriptor.Properties[SessionProperty] = JsonSerializer.SerializeToElement(sid);
        var authorization = await authorizations.CreateAsync(descriptor, cancellation);
        principal.SetAuthorizationId(await authorizations.GetIdAsync(authorization, cancellation));
    }

    /// <summary>Revokes every grant of one session of <paramref name="subject"/>: its authorizations and all their tokens.</summary>
    public async Task<int> RevokeSessionAsync(string subject, string sid, CancellationToken cancellation)
    {
        // Collected first: revoking updates rows of the query being streamed.
        var session = new List<object>();
        await foreach (var authorization in authorizations.FindBySubjectAsync(subject, cancellation))
        {
            var properties = await authorizations.GetPropertiesAsync(authorization, cancellation);
            if (properties.TryGetValue(SessionProperty, out var tagged) && tagged.ValueKind == JsonValueKind.String && tagged.GetString() == sid)
            {
                session.Add(authorization);
            }
        }
        var revoked = 0;
        foreach (var authorization in session)
        {
            await authorizations.TryRevokeAsync(authorization, cancellation);
            if (await authorizations.GetIdAsync(authorization, cancellation) is { } id)
            {
                revoked += (int)await tokens.RevokeByAuthorizationIdAsync(id, cancellation);
            }
        }
        return revoked;
    }
}
