using StackExchange.Redis;

namespace TokenJourney.Gateway.Revocation;

/// <summary>Both shared stores on the one Redis (<c>ConnectionStrings:cache</c>); key names are documented in the README.</summary>
public sealed class RedisTokenStore(IConnectionMultiplexer redis) : IPhantomTokenStore, IDenyList
{
    private const string PhantomPrefix = "gateway:phantom:";
    private const string DeniedJtiPrefix = "gateway:deny:jti:";
    private const string DeniedSidPrefix = "gateway:deny:sid:";

    public async Task<string?> GetAsync(string tokenHash)
    {
        var value = await Run(db => db.StringGetAsync(PhantomPrefix + tokenHash));
        return value.HasValue ? value.ToString() : null;
    }

    public Task SetAsync(string tokenHash, string jwt, TimeSpan timeToLive) =>
        Run(db => db.StringSetAsync(PhantomPrefix + tokenHash, jwt, timeToLive));

    public async Task<bool> IsDeniedAsync(string? jti, string? sid)
    {
        var keys = new List<RedisKey>(2);
        if (!string.IsNullOrEmpty(jti)) keys.Add(DeniedJtiPrefix + jti);
        if (!string.IsNullOrEmpty(sid)) keys.Add(DeniedSidPrefix + sid);
        if (keys.Count == 0)
        {
            return false;
        }
        return await Run(db => db.KeyExistsAsync([.. keys])) > 0;
    }

    public Task DenyTokenAsync(string jti, TimeSpan timeToLive) => Run(db => db.StringSetAsync(DeniedJtiPrefix + jti, "1", timeToLive));

    public Task DenySessionAsync(string sid, TimeSpan timeToLive) => Run(db => db.StringSetAsync(DeniedSidPrefix + sid, "1", timeToLive));

    private async Task<T> Run<T>(Func<IDatabase, Task<T>> operation)
    {
        try
        {
            return await operation(redis.GetDatabase());
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            throw new SharedStoreUnavailableException("Redis did not answer.", e);
        }
    }
}
