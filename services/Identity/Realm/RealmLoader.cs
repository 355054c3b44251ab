using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TokenJourney.Identity.Realm;

/// <summary>The realm file is unusable: every problem found is listed, so one edit fixes them all.</summary>
public sealed class RealmLoadException(string message) : Exception(message);

/// <summary>
/// Reads the Keycloak realm export and turns it into what the provider serves. Anything the provider depends on that is
/// missing or contradictory stops the start-up with a message naming the file, the client or user, and the field.
/// </summary>
public static class RealmLoader
{
    private const string AudienceMapper = "oidc-audience-mapper";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static RealmModel Load(string path, RealmOptions options, string? expectedRealmName = null)
    {
        if (!File.Exists(path))
        {
            throw new RealmLoadException($"The realm file '{path}' does not exist (Realm:File).");
        }
        RealmRepresentation representation;
        try
        {
            representation = JsonSerializer.Deserialize<RealmRepresentation>(File.ReadAllText(path), Json)
                ?? throw new RealmLoadException($"The realm file '{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new RealmLoadException($"The realm file '{path}' is not valid JSON: {e.Message}");
        }
        return Build(representation, options, path, expectedRealmName);
    }

    public static RealmModel Build(RealmRepresentation realm, RealmOptions options, string source, string? expectedRealmName = null)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(realm.Realm))
        {
            problems.Add("the top-level \"realm\" name is missing");
        }
        else if (expectedRealmName is not null && realm.Realm != expectedRealmName)
        {
            problems.Add($"the realm is named '{realm.Realm}' but Identity:Authority ends with /realms/{expectedRealmName}");
        }
        if (realm.Enabled == false)
        {
            problems.Add("the realm is disabled (\"enabled\": false)");
        }

        var scopes = BuildScopes(realm, problems);
        var roles = BuildRoleGraph(realm, problems);
        var defaultRole = realm.DefaultRole?.Name ?? $"default-roles-{realm.Realm}";
        var clients = BuildClients(realm, options, scopes, roles, defaultRole, problems);
        var users = BuildUsers(realm, roles, clients, defaultRole, problems);

        foreach (var client in options.OpaqueAccessTokenClients.Where(id => !clients.ContainsKey(id)))
        {
            problems.Add($"Realm:OpaqueAccessTokenClients names '{client}', which is not a client of the realm");
        }
        foreach (var client in options.RootUrls.Keys.Where(id => !clients.ContainsKey(id)))
        {
            problems.Add($"Realm:RootUrls names '{client}', which is not a client of the realm");
        }

        var accessTokenLifespan = Seconds(realm.AccessTokenLifespan, 300, "accessTokenLifespan", problems);
        var model = new RealmModel
        {
            Name = realm.Realm ?? "",
            AccessTokenLifespan = accessTokenLifespan,
            AccessCodeLifespan = Seconds(realm.AccessCodeLifespan, 60, "accessCodeLifespan", problems),
            LoginLifespan = Seconds(realm.AccessCodeLifespanLogin, 1800, "accessCodeLifespanLogin", problems),
            SsoSessionIdleTimeout = Seconds(realm.SsoSessionIdleTimeout, 1800, "ssoSessionIdleTimeout", problems),
            SsoSessionMaxLifespan = Seconds(realm.SsoSessionMaxLifespan, 36000, "ssoSessionMaxLifespan", problems),
            OfflineSessionIdleTimeout = Seconds(realm.OfflineSessionIdleTimeout, 2592000, "offlineSessionIdleTimeout", problems),
            RevokeRefreshToken = realm.RevokeRefreshToken ?? false,
            RefreshTokenMaxReuse = realm.RefreshTokenMaxReuse ?? 0,
            Clients = clients.ToFrozenDictionary(StringComparer.Ordinal),
            Scopes = scopes.ToFrozenDictionary(StringComparer.Ordinal),
            UsersByName = users.Where(u => u.ServiceAccountClientId is null).ToFrozenDictionary(u => u.Username, StringComparer.OrdinalIgnoreCase),
            UsersById = users.Concat(clients.Values.Select(c => c.ServiceAccount)).ToFrozenDictionary(u => u.Id, StringComparer.Ordinal),
        };
        if (model.RefreshTokenMaxReuse < 0)
        {
            problems.Add("refreshTokenMaxReuse must be 0 or more");
        }

        if (problems.Count > 0)
        {
            throw new RealmLoadException($"The realm file '{source}' cannot be served:{Environment.NewLine}  - {string.Join(Environment.NewLine + "  - ", problems)}");
        }
        return model;
    }

    private static Dictionary<string, RealmScope> BuildScopes(RealmRepresentation realm, List<string> problems)
    {
        var scopes = new Dictionary<string, RealmScope>(StringComparer.Ordinal);
        foreach (var scope in realm.ClientScopes ?? [])
        {
            if (string.IsNullOrWhiteSpace(scope.Name))
            {
                problems.Add("a client scope has no \"name\"");
                continue;
            }
            if (scope.Protocol is not null && scope.Protocol != "openid-connect")
            {
                continue;
            }
            var include = !string.Equals(Attribute(scope.Attributes, "include.in.token.scope"), "false", StringComparison.OrdinalIgnoreCase);
            if (!scopes.TryAdd(scope.Name, new RealmScope(scope.Name, include, Audiences(scope.ProtocolMappers, $"client scope '{scope.Name}'", problems))))
            {
                problems.Add($"client scope '{scope.Name}' is defined twice");
            }
        }
        return scopes;
    }

    private static IReadOnlyList<string> Audiences(List<ProtocolMapperRepresentation>? mappers, string owner, List<string> problems)
    {
        var audiences = new List<string>();
        foreach (var mapper in (mappers ?? []).Where(m => m.ProtocolMapper == AudienceMapper))
        {
            if (string.Equals(Attribute(mapper.Config, "access.token.claim"), "false", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var audience = Attribute(mapper.Config, "included.client.audience") ?? Attribute(mapper.Config, "included.custom.audience");
            if (string.IsNullOrWhiteSpace(audience))
            {
                problems.Add($"the audience mapper '{mapper.Name}' of {owner} names no audience (config \"included.client.audience\")");
                continue;
            }
            audiences.Add(audience);
        }
        return audiences;
    }

    /// <summary>Realm role name to the realm roles it contains (composites), for expansion.</summary>
    private static Dictionary<string, List<string>> BuildRoleGraph(RealmRepresentation realm, List<string> problems)
    {
        var roles = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var role in realm.Roles?.Realm ?? [])
        {
            if (string.IsNullOrWhiteSpace(role.Name))
            {
                problems.Add("a realm role has no \"name\"");
                continue;
            }
            roles[role.Name] = role.Composites?.Realm ?? [];
        }
        foreach (var (role, composites) in roles)
        {
            foreach (var missing in composites.Where(c => !roles.ContainsKey(c)))
            {
                problems.Add($"the composite role '{role}' contains '{missing}', which is not a realm role");
            }
        }
        return roles;
    }

    private static Dictionary<string, RealmClient> BuildClients(RealmRepresentation realm, RealmOptions options,
        Dictionary<string, RealmScope> scopes, Dictionary<string, List<string>> roles, string defaultRole, List<string> problems)
    {
        var clients = new Dictionary<string, RealmClient>(StringComparer.Ordinal);
        foreach (var client in realm.Clients ?? [])
        {
            if (string.IsNullOrWhiteSpace(client.ClientId))
            {
                problems.Add("a client has no \"clientId\"");
                continue;
            }
            var id = client.ClientId;
            if (client.Protocol is not null && client.Protocol != "openid-connect")
            {
                continue;
            }
            if (client.PublicClient == true)
            {
                problems.Add($"client '{id}' is public; the built-in provider serves confidential clients only");
            }
            if (string.IsNullOrEmpty(client.Secret))
            {
                problems.Add($"client '{id}' has no \"secret\"");
            }

            var rootUrl = options.RootUrls.TryGetValue(id, out var overridden) ? overridden : client.RootUrl;
            var redirectUris = Urls(client.RedirectUris ?? [], rootUrl, $"client '{id}' redirectUris", problems);
            var postLogout = Attribute(client.Attributes, "post.logout.redirect.uris") switch
            {
                null or "" => [],
                "+" => redirectUris,
                var value => Urls(value.Split("##", StringSplitOptions.RemoveEmptyEntries), rootUrl, $"client '{id}' attribute post.logout.redirect.uris", problems),
            };
            var backchannel = Attribute(client.Attributes, "backchannel.logout.url") is { Length: > 0 } url
                ? Urls([url], rootUrl, $"client '{id}' attribute backchannel.logout.url", problems).FirstOrDefault()
                : null;

            var standardFlow = client.StandardFlowEnabled ?? true;
            if (standardFlow && redirectUris.Count == 0)
            {
                problems.Add($"client '{id}' has the standard flow enabled but no redirectUris");
            }
            var pkce = Attribute(client.Attributes, "pkce.code.challenge.method");
            if (pkce is not (null or "" or "S256"))
            {
                problems.Add($"client '{id}' attribute pkce.code.challenge.method is '{pkce}'; only S256 is served");
            }

            TimeSpan? lifespan = null;
            if (Attribute(client.Attributes, "access.token.lifespan") is { Length: > 0 } lifespanText)
            {
                if (int.TryParse(lifespanText, out var seconds) && seconds > 0)
                {
                    lifespan = TimeSpan.FromSeconds(seconds);
                }
                else
                {
                    problems.Add($"client '{id}' attribute access.token.lifespan must be a positive number of seconds; got '{lifespanText}'");
                }
            }

            var defaultScopes = client.DefaultClientScopes ?? realm.DefaultDefaultClientScopes ?? [];
            var optionalScopes = client.OptionalClientScopes ?? realm.DefaultOptionalClientScopes ?? [];
            foreach (var missing in defaultScopes.Concat(optionalScopes).Where(s => !scopes.ContainsKey(s)))
            {
                problems.Add($"client '{id}' uses the client scope '{missing}', which the realm does not define");
            }

            var serviceAccountName = $"service-account-{id}";
            var realClient = new RealmClient
            {
                ClientId = id,
                DisplayName = client.Name,
                Enabled = client.Enabled ?? true,
                Secret = client.Secret ?? "",
                RedirectUris = redirectUris,
                PostLogoutRedirectUris = postLogout,
                BackchannelLogoutUrl = backchannel,
                StandardFlowEnabled = standardFlow && client.BearerOnly != true,
                DirectAccessGrantsEnabled = client.DirectAccessGrantsEnabled ?? false,
                ServiceAccountsEnabled = client.ServiceAccountsEnabled ?? false,
                UseRefreshTokens = !string.Equals(Attribute(client.Attributes, "use.refresh.tokens"), "false", StringComparison.OrdinalIgnoreCase),
                RequirePkce = pkce == "S256",
                TokenExchangeEnabled = string.Equals(Attribute(client.Attributes, "standard.token.exchange.enabled"), "true", StringComparison.OrdinalIgnoreCase),
                OpaqueAccessTokens = options.OpaqueAccessTokenClients.Contains(id),
                AccessTokenLifespan = lifespan,
                DefaultScopes = defaultScopes.Distinct().ToList(),
                OptionalScopes = optionalScopes.Distinct().ToList(),
                MapperAudiences = Audiences(client.ProtocolMappers, $"client '{id}'", problems),
                EmbeddedTokens = EmbeddedTokenAttributes.Read(id, client.Attributes, scopes, problems),
                ServiceAccount = new RealmUser
                {
                    Id = StableId(realm.Realm, serviceAccountName),
                    Username = serviceAccountName,
                    Enabled = true,
                    RealmRoles = Expand([defaultRole], roles),
                    ClientRoles = new Dictionary<string, IReadOnlyList<string>>(),
                    ServiceAccountClientId = id,
                },
            };
            if (!clients.TryAdd(id, realClient))
            {
                problems.Add($"client '{id}' is defined twice");
            }
        }
        return clients;
    }

    private static List<RealmUser> BuildUsers(RealmRepresentation realm, Dictionary<string, List<string>> roles,
        Dictionary<string, RealmClient> clients, string defaultRole, List<string> problems)
    {
        var clientRoles = (realm.Roles?.Client ?? []).ToDictionary(
            p => p.Key, p => p.Value.Select(r => r.Name).OfType<string>().ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var users = new List<RealmUser>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in realm.Users ?? [])
        {
            if (string.IsNullOrWhiteSpace(user.Username))
            {
                problems.Add("a user has no \"username\"");
                continue;
            }
            if (!names.Add(user.Username))
            {
                problems.Add($"user '{user.Username}' is defined twice");
                continue;
            }
            foreach (var missing in (user.RealmRoles ?? []).Where(r => !roles.ContainsKey(r)))
            {
                problems.Add($"user '{user.Username}' has the realm role '{missing}', which the realm does not define");
            }
            foreach (var (clientId, assigned) in user.ClientRoles ?? [])
            {
                if (!clients.ContainsKey(clientId))
                {
                    problems.Add($"user '{user.Username}' has roles of client '{clientId}', which is not a client of the realm");
                }
                foreach (var missing in assigned.Where(r => !clientRoles.TryGetValue(clientId, out var defined) || !defined.Contains(r)))
                {
                    problems.Add($"user '{user.Username}' has the client role '{clientId}/{missing}', which the realm does not define");
                }
            }
            var password = user.Credentials?.FirstOrDefault(c => c.Type == "password" && !string.IsNullOrEmpty(c.Value));
            users.Add(new RealmUser
            {
                Id = string.IsNullOrWhiteSpace(user.Id) ? StableId(realm.Realm, user.Username) : user.Id,
                Username = user.Username.ToLowerInvariant(),
                Enabled = user.Enabled ?? true,
                FirstName = user.FirstName,
                LastName = user.LastName,
                Email = user.Email,
                EmailVerified = user.EmailVerified ?? false,
                RealmRoles = Expand([.. user.RealmRoles ?? [], defaultRole], roles),
                ClientRoles = (user.ClientRoles ?? []).ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Distinct().ToList(), StringComparer.Ordinal),
                Password = password?.Value is { } clearText ? PasswordVerifier.FromClearText(clearText) : null,
            });
        }
        return users;
    }

    /// <summary>Assigned roles plus every role their composites contain, in a stable order.</summary>
    private static IReadOnlyList<string> Expand(IEnumerable<string> assigned, Dictionary<string, List<string>> roles)
    {
        var result = new List<string>();
        var pending = new Stack<string>(assigned.Reverse());
        while (pending.TryPop(out var role))
        {
            if (result.Contains(role) || !roles.TryGetValue(role, out var composites))
            {
                continue;
            }
            result.Add(role);
            foreach (var inner in Enumerable.Reverse(composites))
            {
                pending.Push(inner);
            }
        }
        return result;
    }

    private static List<Uri> Urls(IEnumerable<string> values, string? rootUrl, string owner, List<string> problems)
    {
        var urls = new List<Uri>();
        foreach (var value in values)
        {
            if (value.Contains('*'))
            {
                problems.Add($"{owner}: '{value}' is a wildcard; the built-in provider matches redirect URIs exactly");
                continue;
            }
            var text = value.StartsWith('/')
                ? (string.IsNullOrEmpty(rootUrl) ? null : rootUrl.TrimEnd('/') + value)
                : value;
            if (text is null)
            {
                problems.Add($"{owner}: '{value}' is relative but the client has no rootUrl (set it in the realm or in Realm:RootUrls)");
                continue;
            }
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"{owner}: '{text}' is not an absolute http(s) URL");
                continue;
            }
            urls.Add(uri);
        }
        return urls;
    }

    private static TimeSpan Seconds(int? value, int fallback, string field, List<string> problems)
    {
        if (value is <= 0)
        {
            problems.Add($"{field} must be a positive number of seconds; got {value}");
            return TimeSpan.FromSeconds(fallback);
        }
        return TimeSpan.FromSeconds(value ?? fallback);
    }

    private static string? Attribute(Dictionary<string, string>? attributes, string name) =>
        attributes is not null && attributes.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// Keycloak gives imported users random ids; the built-in provider derives them from the realm and user name so
    /// refresh tokens and sessions kept in its store still name the same subject after a restart.
    /// </summary>
    internal static string StableId(string? realm, string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{realm}/{name}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
