using TokenJourney.Identity.Realm;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TokenJourney.Identity.Tokens;

/// <summary>
/// Keycloak's scope rules: a client always gets its default client scopes, gets an optional one only when it asks,
/// and may not ask for a scope it has neither as default nor optional.
/// </summary>
public static class ScopeGrant
{
    public sealed record Result(IReadOnlyList<string> Granted, IReadOnlyList<string> Refused);

    public static Result ForClient(RealmClient client, IEnumerable<string> requested)
    {
        var asked = requested.Distinct(StringComparer.Ordinal).ToList();
        var granted = new List<string>();
        if (asked.Contains(Scopes.OpenId))
        {
            granted.Add(Scopes.OpenId);
        }
        granted.AddRange(client.DefaultScopes);
        granted.AddRange(asked.Where(client.OptionalScopes.Contains));
        var refused = asked.Where(s => s != Scopes.OpenId && !client.MayUse(s)).ToList();
        return new Result(granted.Distinct(StringComparer.Ordinal).ToList(), refused);
    }

    /// <summary>Every audience a client may ask a token exchange for: those its client scopes and own mappers reach.</summary>
    public static IReadOnlySet<string> ExchangeAudiences(RealmModel realm, RealmClient client) =>
        client.DefaultScopes.Concat(client.OptionalScopes)
            .SelectMany(s => realm.Scopes.TryGetValue(s, out var scope) ? scope.Audiences : [])
            .Concat(client.MapperAudiences)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The client's scopes whose audience mappers reach one of <paramref name="audiences"/>.</summary>
    public static IReadOnlyList<string> ScopesFor(RealmModel realm, RealmClient client, IReadOnlyCollection<string> audiences) =>
        client.DefaultScopes.Concat(client.OptionalScopes)
            .Where(s => realm.Scopes.TryGetValue(s, out var scope) && scope.Audiences.Any(audiences.Contains))
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
