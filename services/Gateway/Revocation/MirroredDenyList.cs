using System.Collections.Concurrent;
using StackExchange.Redis;

namespace TokenJourney.Gateway.Revocation;

/// <summary>
/// The deny-list answered from memory: Redis stays the shared source of truth (keys with TTLs), every instance keeps
/// a mirror fed by a full load and by Redis pub/sub for each new entry, so the per-request check costs no round trip.
/// Revocations made on this instance are in its mirror before the call returns; other instances get them within a
/// pub/sub delivery. While Redis is disconnected, or the mirror has not been reloaded since a reconnect (messages may
/// have been missed), checks go to Redis directly and so fail closed.
/// </summary>
public sealed class MirroredDenyList(IConnectionMultiplexer redis, RedisTokenStore store, TimeProvider time) : IDenyList, IDisposable
{
    public const string Channel = "gateway:deny";
    private const string KeyPattern = "gateway:deny:*";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _denied = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile bool _inSync;
    private bool _started;
    private DateTimeOffset _loadedAt;

    public async Task<bool> IsDeniedAsync(string? jti, string? sid)
    {
        if (!_inSync || !redis.IsConnected || time.GetUtcNow() - _loadedAt > TimeSpan.FromMinutes(5))
        {
            _ = EnsureMirrorAsync();
            return await store.IsDeniedAsync(jti, sid);
        }
        return IsMirrored("jti:", jti) || IsMirrored("sid:", sid);
    }

    public async Task DenyTokenAsync(string jti, TimeSpan timeToLive)
    {
        await store.DenyTokenAsync(jti, timeToLive);
        await AnnounceAsync("jti:" + jti, timeToLive);
    }

    public async Task DenySessionAsync(string sid, TimeSpan timeToLive)
    {
        await store.DenySessionAsync(sid, timeToLive);
        await AnnounceAsync("sid:" + sid, timeToLive);
    }

    private bool IsMirrored(string prefix, string? value)
    {
        if (string.IsNullOrEmpty(value) || !TryGetDeniedUntil(prefix, value, out var until))
        {
            return false;
        }
        if (until > time.GetUtcNow())
        {
            return true;
        }
        _denied.TryRemove(prefix + value, out _);
        return false;
    }

    /// <summary>Looks prefix + value up without building that string: this runs on every proxied request.</summary>
    private bool TryGetDeniedUntil(string prefix, string value, out DateTimeOffset until)
    {
        if (prefix.Length + value.Length > 256)
        {
            // Identifiers are short; an unusually long one is looked up the plain way rather than on the stack.
            return _denied.TryGetValue(prefix + value, out until);
        }
        Span<char> entry = stackalloc char[prefix.Length + value.Length];
        prefix.CopyTo(entry);
        value.CopyTo(entry[prefix.Length..]);
        return _denied.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(entry, out until);
    }

    private async Task AnnounceAsync(string entry, TimeSpan timeToLive)
    {
        _denied[entry] = time.GetUtcNow() + timeToLive;
        try
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(Channel), $"{(long)timeToLive.TotalMilliseconds}|{entry}");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The key is written; other instances pick it up at their next reload.
            _inSync = false;
        }
    }

    private async Task EnsureMirrorAsync()
    {
        if (!redis.IsConnected || !await _loading.WaitAsync(0))
        {
            return;
        }
        try
        {
            if (!_started)
            {
                _started = true;
                redis.ConnectionFailed += (_, _) => _inSync = false;
                redis.ConnectionRestored += (_, _) => _inSync = false;
                await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(Channel), (_, message) => OnAnnounced(message));
            }
            var loadedAt = time.GetUtcNow();
            foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
            {
                await foreach (var key in server.KeysAsync(pattern: KeyPattern, pageSize: 1000))
                {
                    var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(key);
                    var entry = key.ToString()["gateway:deny:".Length..];
                    _denied[entry] = ttl is { } left ? loadedAt + left : DateTimeOffset.MaxValue;
                }
            }
            _loadedAt = loadedAt;
            _inSync = redis.IsConnected;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            _inSync = false;
        }
        finally
        {
            _loading.Release();
        }
    }

    private void OnAnnounced(RedisValue message)
    {
        var text = message.ToString();
        var bar = text.IndexOf('|');
        if (bar > 0 && long.TryParse(text.AsSpan(0, bar), out var milliseconds))
        {
            _denied[text[(bar + 1)..]] = time.GetUtcNow() + TimeSpan.FromMilliseconds(milliseconds);
        }
    }

    public void Dispose() => _loading.Dispose();
}
