using System.Collections.Concurrent;

namespace TokenJourney.Storefront.Sessions;

/// <summary>
/// The server-side half of every browser session. In memory: a Storefront restart signs everyone out,
/// which is the right failure for a demo that must never persist tokens.
/// </summary>
public sealed class TokenSessions
{
    /// <summary>Bounds memory if browsers keep signing in without signing out.</summary>
    private const int MaxSessions = 1000;

    private readonly ConcurrentDictionary<string, TokenSession> _sessions = new(StringComparer.Ordinal);

    public TokenSession Add(string subject, string userName, TokenSet tokens)
    {
        if (_sessions.Count >= MaxSessions)
        {
            foreach (var stale in _sessions.Values.OrderBy(s => s.Tokens.ExpiresAt).Take(_sessions.Count - MaxSessions + 1))
            {
                _sessions.TryRemove(stale.Id, out _);
            }
        }
        var session = new TokenSession(SignIn.Pkce.RandomValue(24), subject, userName, tokens);
        _sessions[session.Id] = session;
        return session;
    }

    public TokenSession? Find(string? id) => id is not null && _sessions.TryGetValue(id, out var session) ? session : null;

    public TokenSession? Remove(string? id) => id is not null && _sessions.TryRemove(id, out var session) ? session : null;
}
