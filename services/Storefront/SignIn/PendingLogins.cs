using Microsoft.Extensions.Caching.Memory;

namespace TokenJourney.Storefront.SignIn;

public sealed class PendingLogins(IMemoryCache cache)
{
    /// <summary>A login the user does not finish within this time has to start over.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public PendingLogin Begin(string returnUrl)
    {
        var login = new PendingLogin(Pkce.RandomValue(24), Pkce.RandomValue(24), Pkce.NewVerifier(), returnUrl);
        cache.Set(Key(login.State), login, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
        return login;
    }

    /// <summary>Single use: a replayed callback finds nothing.</summary>
    public PendingLogin? Complete(string state)
    {
        var key = Key(state);
        if (!cache.TryGetValue(key, out PendingLogin? login))
        {
            return null;
        }
        cache.Remove(key);
        return login;
    }

    private static string Key(string state) => "login:" + state;
}
