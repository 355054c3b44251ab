using System.Text.Json;

namespace TokenJourney.Identity.UnitTests;

/// <summary>
/// keycloak-realm/tokenjourney-realm.json must stay importable by a real Keycloak 26 (Keycloak's representation field
/// names, string-valued attributes and mapper configs, known mapper types) and keep the names every engineer relies on.
/// A plain JSON read: no provider involved, so a Keycloak user's import and the built-in provider read the same file.
/// </summary>
public sealed class RealmFileTests
{
    // Field names of Keycloak's RealmRepresentation, ClientRepresentation, ClientScopeRepresentation,
    // ProtocolMapperRepresentation, UserRepresentation, CredentialRepresentation and RoleRepresentation
    // (the subset an export of this kind uses). A misspelt name would be silently ignored by an import.
    private static readonly HashSet<string> RealmFields =
    [
        "id", "realm", "displayName", "displayNameHtml", "enabled", "sslRequired", "registrationAllowed", "registrationEmailAsUsername",
        "rememberMe", "verifyEmail", "loginWithEmailAllowed", "duplicateEmailsAllowed", "resetPasswordAllowed", "editUsernameAllowed",
        "bruteForceProtected", "defaultSignatureAlgorithm", "accessTokenLifespan", "accessTokenLifespanForImplicitFlow",
        "accessCodeLifespan", "accessCodeLifespanUserAction", "accessCodeLifespanLogin", "actionTokenGeneratedByAdminLifespan",
        "ssoSessionIdleTimeout", "ssoSessionMaxLifespan", "offlineSessionIdleTimeout", "offlineSessionMaxLifespanEnabled",
        "offlineSessionMaxLifespan", "revokeRefreshToken", "refreshTokenMaxReuse", "roles", "defaultRole", "groups", "users",
        "clients", "clientScopes", "defaultDefaultClientScopes", "defaultOptionalClientScopes", "attributes", "notBefore",
        "components", "requiredActions", "authenticationFlows", "browserFlow", "directGrantFlow", "clientAuthenticationFlow",
    ];

    private static readonly HashSet<string> ClientFields =
    [
        "id", "clientId", "name", "description", "rootUrl", "adminUrl", "baseUrl", "surrogateAuthRequired", "enabled",
        "alwaysDisplayInConsole", "clientAuthenticatorType", "secret", "redirectUris", "webOrigins", "notBefore", "bearerOnly",
        "consentRequired", "standardFlowEnabled", "implicitFlowEnabled", "directAccessGrantsEnabled", "serviceAccountsEnabled",
        "publicClient", "frontchannelLogout", "protocol", "attributes", "authenticationFlowBindingOverrides", "fullScopeAllowed",
        "nodeReRegistrationTimeout", "protocolMappers", "defaultClientScopes", "optionalClientScopes", "access",
    ];

    // Client attributes Keycloak 26 reads, spelt as its admin console writes them.
    private static readonly HashSet<string> ClientAttributes =
    [
        "pkce.code.challenge.method", "access.token.lifespan", "post.logout.redirect.uris", "use.refresh.tokens",
        "client_credentials.use_refresh_token", "standard.token.exchange.enabled", "backchannel.logout.url",
        "backchannel.logout.session.required", "backchannel.logout.revoke.offline.tokens", "access.token.signed.response.alg",
        "id.token.signed.response.alg", "client.secret.creation.time", "oauth2.device.authorization.grant.enabled",
        "oidc.ciba.grant.enabled", "frontchannel.logout.session.required", "display.on.consent.screen",
    ];

    private static readonly HashSet<string> ClientScopeFields = ["id", "name", "description", "protocol", "attributes", "protocolMappers"];
    private static readonly HashSet<string> MapperFields = ["id", "name", "protocol", "protocolMapper", "consentRequired", "config"];
    private static readonly HashSet<string> UserFields =
    [
        "id", "username", "enabled", "emailVerified", "firstName", "lastName", "email", "attributes", "credentials",
        "requiredActions", "realmRoles", "clientRoles", "groups", "createdTimestamp", "totp", "notBefore", "serviceAccountClientId",
    ];
    private static readonly HashSet<string> CredentialFields = ["id", "type", "value", "temporary", "userLabel", "createdDate", "secretData", "credentialData", "priority"];
    private static readonly HashSet<string> RoleFields = ["id", "name", "description", "composite", "composites", "clientRole", "containerId", "attributes"];
    private static readonly HashSet<string> MapperTypes =
    [
        "oidc-audience-mapper", "oidc-full-name-mapper", "oidc-sub-mapper", "oidc-usermodel-attribute-mapper",
        "oidc-usermodel-client-role-mapper", "oidc-usermodel-property-mapper", "oidc-usermodel-realm-role-mapper",
        "oidc-usersessionmodel-note-mapper", "oidc-hardcoded-claim-mapper", "oidc-allowed-origins-mapper", "oidc-acr-mapper",
    ];

    private static readonly JsonElement Realm = JsonDocument.Parse(File.ReadAllText(
        RepositoryFiles.RealmFile)).RootElement.Clone();

    [Fact]
    public void Every_field_is_named_as_Keycloak_names_it()
    {
        AssertOnlyFields(Realm, RealmFields, "the realm");
        foreach (var client in Array("clients"))
        {
            var id = client.GetProperty("clientId").GetString();
            AssertOnlyFields(client, ClientFields, $"client {id}");
            AssertStringMap(client.GetProperty("attributes"), $"client {id} attributes");
            // Token embedding is the built-in provider's own, under its one prefix: Keycloak stores client attributes as a
            // free map, so it imports these and ignores them (README, differences from Keycloak).
            AssertOnlyFields(client.GetProperty("attributes"), ClientAttributes, $"client {id} attributes",
                except: name => name.StartsWith(TokenJourney.Identity.Realm.EmbeddedTokenAttributes.Prefix, StringComparison.Ordinal));
            foreach (var mapper in Optional(client, "protocolMappers"))
            {
                AssertMapper(mapper, $"client {id}");
            }
        }
        foreach (var scope in Array("clientScopes"))
        {
            var name = scope.GetProperty("name").GetString();
            AssertOnlyFields(scope, ClientScopeFields, $"client scope {name}");
            Assert.Equal("openid-connect", scope.GetProperty("protocol").GetString());
            AssertStringMap(scope.GetProperty("attributes"), $"client scope {name} attributes");
            foreach (var mapper in Optional(scope, "protocolMappers"))
            {
                AssertMapper(mapper, $"client scope {name}");
            }
        }
        foreach (var user in Array("users"))
        {
            AssertOnlyFields(user, UserFields, $"user {user.GetProperty("username")}");
            foreach (var credential in Optional(user, "credentials"))
            {
                AssertOnlyFields(credential, CredentialFields, $"a credential of {user.GetProperty("username")}");
            }
        }
        var roles = Realm.GetProperty("roles");
        foreach (var role in roles.GetProperty("realm").EnumerateArray().Concat(roles.GetProperty("client").EnumerateObject().SelectMany(c => c.Value.EnumerateArray())))
        {
            AssertOnlyFields(role, RoleFields, $"role {role.GetProperty("name")}");
        }
    }

    [Fact]
    public void The_realm_has_the_top_level_settings_Keycloak_and_the_journey_rely_on()
    {
        Assert.Equal("tokenjourney", Realm.GetProperty("realm").GetString());
        Assert.True(Realm.GetProperty("enabled").GetBoolean());
        Assert.InRange(Realm.GetProperty("accessTokenLifespan").GetInt32(), 60, 900);
        Assert.True(Realm.GetProperty("revokeRefreshToken").GetBoolean());
        Assert.Equal(0, Realm.GetProperty("refreshTokenMaxReuse").GetInt32());
        Assert.Equal("RS256", Realm.GetProperty("defaultSignatureAlgorithm").GetString());
        foreach (var lifespan in new[] { "accessCodeLifespan", "accessCodeLifespanLogin", "ssoSessionIdleTimeout", "ssoSessionMaxLifespan", "offlineSessionIdleTimeout" })
        {
            Assert.Equal(JsonValueKind.Number, Realm.GetProperty(lifespan).ValueKind);
        }
        var defaultRole = Realm.GetProperty("defaultRole").GetProperty("name").GetString();
        Assert.Equal("default-roles-tokenjourney", defaultRole);
        Assert.Contains(defaultRole!, RealmRoleNames());
    }

    [Fact]
    public void Every_reference_inside_the_realm_resolves()
    {
        var scopes = Array("clientScopes").Select(s => s.GetProperty("name").GetString()!).ToHashSet();
        var clients = Array("clients").Select(c => c.GetProperty("clientId").GetString()!).ToHashSet();
        var realmRoles = RealmRoleNames();
        var clientRoles = Realm.GetProperty("roles").GetProperty("client").EnumerateObject()
            .ToDictionary(c => c.Name, c => c.Value.EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToHashSet());

        foreach (var name in Strings(Realm, "defaultDefaultClientScopes").Concat(Strings(Realm, "defaultOptionalClientScopes")))
        {
            Assert.Contains(name, scopes);
        }
        foreach (var client in Array("clients"))
        {
            foreach (var name in Strings(client, "defaultClientScopes").Concat(Strings(client, "optionalClientScopes")))
            {
                Assert.True(scopes.Contains(name), $"client {client.GetProperty("clientId")} uses the undefined client scope {name}");
            }
        }
        foreach (var audience in Array("clientScopes").Concat(Array("clients")).SelectMany(o => Optional(o, "protocolMappers"))
                     .Where(m => m.GetProperty("protocolMapper").GetString() == "oidc-audience-mapper"))
        {
            Assert.Contains(audience.GetProperty("config").GetProperty("included.client.audience").GetString()!, clients);
        }
        Assert.All(clientRoles.Keys, owner => Assert.Contains(owner, clients));
        foreach (var user in Array("users"))
        {
            Assert.All(Strings(user, "realmRoles"), r => Assert.Contains(r, realmRoles));
            foreach (var assigned in user.GetProperty("clientRoles").EnumerateObject())
            {
                Assert.Contains(assigned.Name, clients);
                Assert.All(assigned.Value.EnumerateArray(), r => Assert.Contains(r.GetString()!, clientRoles[assigned.Name]));
            }
        }
        foreach (var role in Realm.GetProperty("roles").GetProperty("realm").EnumerateArray().Where(r => r.GetProperty("composite").GetBoolean()))
        {
            Assert.All(Strings(role.GetProperty("composites"), "realm"), r => Assert.Contains(r, realmRoles));
        }
    }

    [Fact]
    public void The_clients_users_and_scopes_are_those_of_the_team_contract()
    {
        Assert.Equal(["gateway", "inventory", "journey-tests", "orders", "shipping", "storefront"],
            Array("clients").Select(c => c.GetProperty("clientId").GetString()).Order());
        foreach (var client in Array("clients"))
        {
            Assert.False(client.GetProperty("publicClient").GetBoolean());
            Assert.Equal($"{client.GetProperty("clientId").GetString()}-secret", client.GetProperty("secret").GetString());
        }

        var storefront = Client("storefront");
        Assert.True(storefront.GetProperty("standardFlowEnabled").GetBoolean());
        Assert.False(storefront.GetProperty("directAccessGrantsEnabled").GetBoolean());
        Assert.Equal("S256", Attribute(storefront, "pkce.code.challenge.method"));
        Assert.Equal(["/signin-oidc"], Strings(storefront, "redirectUris"));
        Assert.Equal("/signout-callback-oidc", Attribute(storefront, "post.logout.redirect.uris"));
        Assert.Equal("true", Attribute(storefront, "use.refresh.tokens"));
        Assert.Superset(new HashSet<string> { "offline_access", "orders:read", "orders:write" }, Strings(storefront, "optionalClientScopes").ToHashSet());

        Assert.Equal("true", Attribute(Client("gateway"), "standard.token.exchange.enabled"));
        Assert.Equal("/backchannel-logout", Attribute(Client("gateway"), "backchannel.logout.url"));
        Assert.Equal("true", Attribute(Client("orders"), "standard.token.exchange.enabled"));
        Assert.Equal(["inventory:confirm", "inventory:reserve", "shipping:create"], Strings(Client("orders"), "optionalClientScopes").Order());
        Assert.All(Array("clients").Where(c => c.GetProperty("clientId").GetString() is not ("gateway" or "orders")),
            c => Assert.NotEqual("true", Attribute(c, "standard.token.exchange.enabled")));
        foreach (var resourceServer in new[] { Client("inventory"), Client("shipping") })
        {
            Assert.False(resourceServer.GetProperty("standardFlowEnabled").GetBoolean());
            Assert.False(resourceServer.GetProperty("serviceAccountsEnabled").GetBoolean());
            Assert.False(resourceServer.GetProperty("directAccessGrantsEnabled").GetBoolean());
        }
        var tests = Client("journey-tests");
        Assert.True(tests.GetProperty("directAccessGrantsEnabled").GetBoolean());
        Assert.Equal("15", Attribute(tests, "access.token.lifespan"));

        Assert.Equal("orders", Audience("orders:read"));
        Assert.Equal("orders", Audience("orders:write"));
        Assert.Equal("inventory", Audience("inventory:reserve"));
        Assert.Equal("inventory", Audience("inventory:confirm"));
        Assert.Equal("shipping", Audience("shipping:create"));

        Assert.Equal(["alice", "bob", "sam"], Array("users").Select(u => u.GetProperty("username").GetString()).Order());
        foreach (var (user, role) in new[] { ("alice", "customer"), ("bob", "customer"), ("sam", "support") })
        {
            var entry = Array("users").Single(u => u.GetProperty("username").GetString() == user);
            Assert.Contains(role, Strings(entry, "realmRoles"));
            var password = entry.GetProperty("credentials").EnumerateArray().Single();
            Assert.Equal("password", password.GetProperty("type").GetString());
            Assert.Equal(user, password.GetProperty("value").GetString());
            Assert.False(password.GetProperty("temporary").GetBoolean());
        }
    }

    private static void AssertMapper(JsonElement mapper, string owner)
    {
        AssertOnlyFields(mapper, MapperFields, $"a protocol mapper of {owner}");
        Assert.Equal("openid-connect", mapper.GetProperty("protocol").GetString());
        Assert.True(MapperTypes.Contains(mapper.GetProperty("protocolMapper").GetString()!), $"{owner}: unknown mapper type {mapper.GetProperty("protocolMapper")}");
        AssertStringMap(mapper.GetProperty("config"), $"the mapper {mapper.GetProperty("name")} of {owner}");
    }

    private static void AssertOnlyFields(JsonElement element, HashSet<string> known, string what, Func<string, bool>? except = null)
    {
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        var unknown = element.EnumerateObject().Select(p => p.Name).Where(n => !known.Contains(n) && except?.Invoke(n) != true).ToList();
        Assert.True(unknown.Count == 0, $"{what} has fields Keycloak does not know: {string.Join(", ", unknown)}");
    }

    /// <summary>Keycloak's attributes and mapper configs are Map&lt;String, String&gt;: "true", not true.</summary>
    private static void AssertStringMap(JsonElement map, string what) =>
        Assert.All(map.EnumerateObject(), p => Assert.True(p.Value.ValueKind == JsonValueKind.String, $"{what}: {p.Name} must be a string"));

    private static IEnumerable<JsonElement> Array(string name) => Realm.GetProperty(name).EnumerateArray();

    private static IEnumerable<JsonElement> Optional(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) ? array.EnumerateArray() : [];

    private static List<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) ? [.. array.EnumerateArray().Select(e => e.GetString()!)] : [];

    private static HashSet<string> RealmRoleNames() =>
        Realm.GetProperty("roles").GetProperty("realm").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToHashSet();

    private static JsonElement Client(string id) => Array("clients").Single(c => c.GetProperty("clientId").GetString() == id);

    private static string? Attribute(JsonElement client, string name) =>
        client.GetProperty("attributes").TryGetProperty(name, out var value) ? value.GetString() : null;

    private static string? Audience(string scope) =>
        Array("clientScopes").Single(s => s.GetProperty("name").GetString() == scope).GetProperty("protocolMappers").EnumerateArray()
            .Single(m => m.GetProperty("protocolMapper").GetString() == "oidc-audience-mapper")
            .GetProperty("config").GetProperty("included.client.audience").GetString();
}
