namespace TokenJourney.Storefront.Sessions;

/// <summary>
/// One signed-in browser. The browser holds only a cookie naming <see cref="Id"/>; the tokens live here, in the
/// Storefront's memory, and are never rendered, logged or sent to the browser.
/// </summary>
public sealed class TokenSession(string id, string subject, string userName, TokenSet tokens)
{
    public string Id { get; } = id;
    public string Subject { get; } = subject;
    public string UserName { get; } = userName;
    public TokenSet Tokens { get; set; } = tokens;

    /// <summary>One refresh at a time: with rotation, two concurrent refreshes would spend the same refresh token twice.</summary>
    public SemaphoreSlim RefreshLock { get; } = new(1, 1);
}
