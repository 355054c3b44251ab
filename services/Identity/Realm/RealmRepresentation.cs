namespace TokenJourney.Identity.Realm;

// The subset of Keycloak's realm export (RealmRepresentation and friends) the built-in provider serves.
// Property names follow Keycloak's JSON so the same file imports into a real Keycloak 26.

public sealed class RealmRepresentation
{
    public string? Realm { get; set; }
    public bool? Enabled { get; set; }
    public int? AccessTokenLifespan { get; set; }
    public int? AccessCodeLifespan { get; set; }
    public int? AccessCodeLifespanLogin { get; set; }
    public int? SsoSessionIdleTimeout { get; set; }
    public int? SsoSessionMaxLifespan { get; set; }
    public int? OfflineSessionIdleTimeout { get; set; }
    public bool? RevokeRefreshToken { get; set; }
    public int? RefreshTokenMaxReuse { get; set; }
    public RolesRepresentation? Roles { get; set; }
    public RoleRepresentation? DefaultRole { get; set; }
    public List<string>? DefaultDefaultClientScopes { get; set; }
    public List<string>? DefaultOptionalClientScopes { get; set; }
    public List<UserRepresentation>? Users { get; set; }
    public List<ClientRepresentation>? Clients { get; set; }
    public List<ClientScopeRepresentation>? ClientScopes { get; set; }
}

public sealed class RolesRepresentation
{
    public List<RoleRepresentation>? Realm { get; set; }
    public Dictionary<string, List<RoleRepresentation>>? Client { get; set; }
}

public sealed class RoleRepresentation
{
    public string? Name { get; set; }
    public bool? Composite { get; set; }
    public RoleCompositesRepresentation? Composites { get; set; }
}

public sealed class RoleCompositesRepresentation
{
    public List<string>? Realm { get; set; }
    public Dictionary<string, List<string>>? Client { get; set; }
}

public sealed class UserRepresentation
{
    public string? Id { get; set; }
    public string? Username { get; set; }
    public bool? Enabled { get; set; }
    public string? Email { get; set; }
    public bool? EmailVerified { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public List<CredentialRepresentation>? Credentials { get; set; }
    public List<string>? RealmRoles { get; set; }
    public Dictionary<string, List<string>>? ClientRoles { get; set; }
}

public sealed class CredentialRepresentation
{
    public string? Type { get; set; }
    public string? Value { get; set; }
    public bool? Temporary { get; set; }
}

public sealed class ClientRepresentation
{
    public string? ClientId { get; set; }
    public string? Name { get; set; }
    public bool? Enabled { get; set; }
    public string? Protocol { get; set; }
    public string? ClientAuthenticatorType { get; set; }
    public string? Secret { get; set; }
    public string? RootUrl { get; set; }
    public List<string>? RedirectUris { get; set; }
    public bool? PublicClient { get; set; }
    public bool? BearerOnly { get; set; }
    public bool? StandardFlowEnabled { get; set; }
    public bool? ImplicitFlowEnabled { get; set; }
    public bool? DirectAccessGrantsEnabled { get; set; }
    public bool? ServiceAccountsEnabled { get; set; }
    public Dictionary<string, string>? Attributes { get; set; }
    public List<ProtocolMapperRepresentation>? ProtocolMappers { get; set; }
    public List<string>? DefaultClientScopes { get; set; }
    public List<string>? OptionalClientScopes { get; set; }
}

public sealed class ClientScopeRepresentation
{
    public string? Name { get; set; }
    public string? Protocol { get; set; }
    public Dictionary<string, string>? Attributes { get; set; }
    public List<ProtocolMapperRepresentation>? ProtocolMappers { get; set; }
}

public sealed class ProtocolMapperRepresentation
{
    public string? Name { get; set; }
    public string? Protocol { get; set; }
    public string? ProtocolMapper { get; set; }
    public Dictionary<string, string>? Config { get; set; }
}
