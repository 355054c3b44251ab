using System.Collections.Frozen;

namespace TokenJourney.Identity.Realm;

/// <summary>The realm as the provider serves it: validated, with relative URLs resolved and roles expanded.</summary>
public sealed class RealmModel
{
    public required string Name { get; init; }
    public required TimeSpan AccessTokenLifespan { get; init; }
    public required TimeSpan AccessCodeLifespan { get; init; }
    public required TimeSpan LoginLifespan { get; init; }
    public required TimeSpan SsoSessionIdleTimeout { get; init; }
    public required TimeSpan SsoSessionMaxLifespan { get; init; }
    public required TimeSpan OfflineSessionIdleTimeout { get; init; }
    public required bool RevokeRefreshToken { get; init; }
    public required int RefreshTokenMaxReuse { get; init; }
    public required FrozenDictionary<string, RealmClient> Clients { get; init; }
    public required FrozenDictionary<string, RealmScope> Scopes { get; init; }
    public required FrozenDictionary<string, RealmUser> UsersByName { get; init; }
    public required FrozenDictionary<string, RealmUser> UsersById { get; init; }

    /// <summary>Every audience some scope or client mapper can put in a token (OpenIddict refuses any other as invalid_target).</summary>
    public IEnumerable<string> Audiences => Scopes.Values.SelectMany(s => s.Audiences)
        .Concat(Clients.Values.SelectMany(c => c.MapperAudiences))
        .Concat(Clients.Keys)
        .Distinct(StringComparer.Ordinal);

    public RealmClient? FindClient(string? clientId) =>
        clientId is not null && Clients.TryGetValue(clientId, out var client) && client.Enabled ? client : null;

    public RealmUser? FindUserByName(string? username) =>
        username is not null && UsersByName.TryGetValue(username, out var user) ? user : null;

    /// <summary>A user, or a client's service account (its <c>sub</c> is stable, derived from the client id).</summary>
    public RealmUser? FindSubject(string? subject) =>
        subject is not null && UsersById.TryGetValue(subject, out var user) ? user : null;
}

/// <summary>A client scope: whether it shows in the token's <c>scope</c> claim and which audiences its mappers add.</summary>
public sealed record RealmScope(string Name, bool IncludeInTokenScope, IReadOnlyList<string> Audiences);

public sealed class RealmClient
{
    public required string ClientId { get; init; }
    public string? DisplayName { get; init; }
    public required bool Enabled { get; init; }
    public required string Secret { get; init; }
    public required IReadOnlyList<Uri> RedirectUris { get; init; }
    public required IReadOnlyList<Uri> PostLogoutRedirectUris { get; init; }
    public Uri? BackchannelLogoutUrl { get; init; }
    public required bool StandardFlowEnabled { get; init; }
    public required bool DirectAccessGrantsEnabled { get; init; }
    public required bool ServiceAccountsEnabled { get; init; }
    public required bool UseRefreshTokens { get; init; }
    public required bool RequirePkce { get; init; }
    public required bool TokenExchangeEnabled { get; init; }
    public required bool OpaqueAccessTokens { get; init; }
    public TimeSpan? AccessTokenLifespan { get; init; }
    public required IReadOnlyList<string> DefaultScopes { get; init; }
    public required IReadOnlyList<string> OptionalScopes { get; init; }
    /// <summary>Audiences from the client's own audience mappers (e.g. <c>gateway</c> on every storefront token).</summary>
    public required IReadOnlyList<string> MapperAudiences { get; init; }
    public required RealmUser ServiceAccount { get; init; }
    /// <summary>The narrower tokens this client's access tokens embed (empty for most clients; see EmbeddedTokenAttributes).</summary>
    public IReadOnlyList<EmbeddedTokenRule> EmbeddedTokens { get; init; } = [];

    public bool MayUse(string scope) => DefaultScopes.Contains(scope) || OptionalScopes.Contains(scope);

    public bool IsResourceServerOnly => !StandardFlowEnabled && !DirectAccessGrantsEnabled && !ServiceAccountsEnabled && !TokenExchangeEnabled;
}

public sealed class RealmUser
{
    public required string Id { get; init; }
    public required string Username { get; init; }
    public required bool Enabled { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Email { get; init; }
    public bool EmailVerified { get; init; }
    /// <summary>Effective realm roles, composites expanded (Keycloak's <c>realm_access.roles</c>).</summary>
    public required IReadOnlyList<string> RealmRoles { get; init; }
    /// <summary>Client roles by client id (Keycloak's <c>resource_access</c>).</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> ClientRoles { get; init; }
    public PasswordVerifier? Password { get; init; }
    /// <summary>The client whose service account this is, or null for a person.</summary>
    public string? ServiceAccountClientId { get; init; }

    public string? FullName => string.Join(' ', new[] { FirstName, LastName }.Where(p => !string.IsNullOrEmpty(p))) is { Length: > 0 } name ? name : null;
}
