using Microsoft.Extensions.Caching.Memory;

namespace TokenJourney.Gateway.Tokens;

/// <summary>
/// In-process memo by token hash: a verified token is not re-verified until it expires (the common path pays a hash
/// and a dictionary lookup, not a signature check), and a refused opaque token is not re-sent to the IdP for a few
/// seconds. Bounded in size; an entry never outlives its token.
/// </summary>
public sealed class VerifiedTokenMemo(int entries, TimeProvider time) : IDisposable
{
    private sealed record Refusal(string Reason);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = entries, Clock = new TimeProviderClock(time) });

    public bool TryGet(string tokenHash, out VerifiedToken? token, out string? refusal)
    {
        token = null;
        refusal = null;
        switch (_cache.Get(tokenHash))
        {
            case VerifiedToken verified when verified.Expires > time.GetUtcNow():
                token = verified;
                return true;
            case Refusal refused:
                refusal = refused.Reason;
                return true;
            default:
                return false;
        }
    }

    public void Remember(string tokenHash, VerifiedToken token, DateTimeOffset notAfter) =>
        _cache.Set(tokenHash, token, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = notAfter < token.Expires ? notAfter : token.Expires });

    public void RememberRefusal(string tokenHash, string reason, TimeSpan duration)
    {
        if (duration > TimeSpan.Zero)
        {
            _cache.Set(tokenHash, new Refusal(reason), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = duration });
        }
    }

    public void Dispose() => _cache.Dispose();

#pragma warning disable CS0618 // ISystemClock is the only clock MemoryCache accepts.
    private sealed class TimeProviderClock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
#pragma warning restore CS0618
}
