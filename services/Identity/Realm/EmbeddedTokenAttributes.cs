namespace TokenJourney.Identity.Realm;

/// <summary>
/// Reads token embedding from a client's <c>attributes</c>, the one place of a Keycloak client representation that takes
/// any key: Keycloak 26 imports and keeps them, and issues no embedded token (README, differences from Keycloak).
/// <code>
/// "tokenjourney.embedded.orders": "orders:read orders:write",        the outer token embeds a token for orders
/// "tokenjourney.embedded.orders/inventory": "inventory:reserve"      which embeds a token for inventory
/// </code>
/// The key names the audience path from the outer token; the value the scopes, each of which must reach that audience
/// through its audience mapper, so an embedded token's <c>scope</c> and <c>aud</c> always agree.
/// </summary>
public static class EmbeddedTokenAttributes
{
    public const string Prefix = "tokenjourney.embedded.";

    public static IReadOnlyList<EmbeddedTokenRule> Read(
        string clientId, Dictionary<string, string>? attributes, IReadOnlyDictionary<string, RealmScope> scopes, List<string> problems)
    {
        var paths = (attributes ?? []).Where(a => a.Key.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(a => (Path: a.Key[Prefix.Length..].Split('/'), Scopes: a.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries), a.Key))
            .OrderBy(p => p.Path.Length)
            .ToList();
        var byPath = new Dictionary<string, (string Audience, string[] Scopes, List<string> Children)>(StringComparer.Ordinal);
        var roots = new List<string>();
        foreach (var (path, granted, key) in paths)
        {
            var owner = $"client '{clientId}' attribute {key}";
            var audience = path[^1];
            if (path.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"{owner}: the audience path has an empty segment");
                continue;
            }
            if (granted.Length == 0)
            {
                problems.Add($"{owner}: lists no scope");
                continue;
            }
            foreach (var scope in granted)
            {
                if (!scopes.TryGetValue(scope, out var defined))
                {
                    problems.Add($"{owner}: the client scope '{scope}' is not defined in the realm");
                }
                else if (!defined.Audiences.Contains(audience))
                {
                    problems.Add($"{owner}: the client scope '{scope}' has no audience mapper for '{audience}'");
                }
            }
            var id = string.Join('/', path);
            byPath[id] = (audience, granted, []);
            if (path.Length == 1)
            {
                roots.Add(id);
            }
            else if (byPath.TryGetValue(string.Join('/', path[..^1]), out var parent))
            {
                parent.Children.Add(id);
            }
            else
            {
                problems.Add($"{owner}: no attribute {Prefix}{string.Join('/', path[..^1])} embeds the token it would ride in");
            }
        }
        return [.. roots.Select(Build)];

        EmbeddedTokenRule Build(string id)
        {
            var (audience, granted, children) = byPath[id];
            return new EmbeddedTokenRule(audience, granted, [.. children.Select(Build)]);
        }
    }
}
