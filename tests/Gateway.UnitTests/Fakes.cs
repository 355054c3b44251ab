using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenJourney.Gateway.Revocation;
using TokenJourney.Gateway.Tokens;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Gateway.UnitTests;

/// <summary>An IdP in miniature: its signing keys, its JWKS and the tokens it would issue, with real RSA signatures.</summary>
internal sealed class TestIssuer
{
    public const string Authority = "http://localhost:8080/realms/tokenjourney";

    public RsaSecurityKey Key { get; private set; } = NewKey("key-1");
    public List<SecurityKey> Published { get; } = [];

    public TestIssuer() => Published.Add(Key);

    public static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    public RsaSecurityKey Rotate(string kid)
    {
        Key = NewKey(kid);
        Published.Insert(0, Key);
        return Key;
    }

    public static TokenValidationOptions Options() => new()
    {
        Authority = Authority,
        Audience = "gateway",
        ClockSkew = TimeSpan.FromSeconds(5),
    };

    public string Issue(string audience = "gateway", TimeSpan? lifetime = null, DateTime? notBefore = null, string? issuer = null,
        SecurityKey? key = null, string algorithm = SecurityAlgorithms.RsaSha256, string type = "JWT", string? sid = "session-1",
        string jti = "jti-1", Dictionary<string, object>? claims = null, string? subject = "alice-id")
    {
        var now = DateTime.UtcNow;
        var payload = new Dictionary<string, object>
        {
            ["azp"] = "journey-tests",
            ["jti"] = jti,
            // Keycloak's payload type: with a header typed JWT, it is what makes this an access token.
            ["typ"] = "Bearer",
            ["scope"] = "orders:read orders:write",
        };
        if (subject is not null) payload["sub"] = subject;
        if (sid is not null) payload["sid"] = sid;
        foreach (var (name, value) in claims ?? []) payload[name] = value;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(5));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Authority,
            Audience = audience,
            IssuedAt = notBefore ?? Earliest(now.AddSeconds(-1), expires.AddMinutes(-1)),
            NotBefore = notBefore ?? Earliest(now.AddSeconds(-1), expires.AddMinutes(-1)),
            Expires = expires,
            Claims = payload,
            TokenType = type,
            SigningCredentials = new SigningCredentials(key ?? Key, algorithm),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private static DateTime Earliest(DateTime a, DateTime b) => a < b ? a : b;
}

internal sealed class FakeJwksSource(TestIssuer issuer) : IJwksSource
{
    public int Fetches;

    public Task<IReadOnlyList<SecurityKey>> FetchAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Fetches);
        return Task.FromResult<IReadOnlyList<SecurityKey>>([.. issuer.Published]);
    }
}

/// <summary>The IdP's token-exchange endpoint: opaque tokens it knows become JWTs for the requested audience.</summary>
internal sealed class FakeExchange(TestIssuer issuer) : ITokenExchangeClient
{
    public int Calls;
    public ConcurrentDictionary<string, string> ActiveOpaqueTokens { get; } = new();
    public bool Down { get; set; }
    public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(50);
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(5);

    public async Task<ExchangeResult> ExchangeAsync(string subjectToken, string audience, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        await Task.Delay(Delay, cancellationToken);
        if (Down) return ExchangeResult.Unavailable;
        return ActiveOpaqueTokens.TryGetValue(subjectToken, out var sid)
            ? new ExchangeResult(ExchangeStatus.Issued, issuer.Issue(audience, Lifetime, sid: sid, jti: "exchanged-" + sid,
                claims: new() { ["act"] = new Dictionary<string, object> { ["sub"] = "gateway" } }))
            : ExchangeResult.Refused;
    }
}

/// <summary>Redis as the gateway uses it, with a switch to take it down.</summary>
internal sealed class InMemoryStore : IPhantomTokenStore, IDenyList
{
    public ConcurrentDictionary<string, (string Jwt, TimeSpan Ttl)> Phantoms { get; } = new();
    public ConcurrentDictionary<string, TimeSpan> Denied { get; } = new();
    public bool Down { get; set; }

    public Task<string?> GetAsync(string tokenHash) => Guard(() => Phantoms.TryGetValue(tokenHash, out var e) ? e.Jwt : null);

    public Task SetAsync(string tokenHash, string jwt, TimeSpan timeToLive) => Guard(() => Phantoms[tokenHash] = (jwt, timeToLive));

    public Task<bool> IsDeniedAsync(string? jti, string? sid) =>
        Guard(() => (jti is not null && Denied.ContainsKey("jti:" + jti)) || (sid is not null && Denied.ContainsKey("sid:" + sid)));

    public Task DenyTokenAsync(string jti, TimeSpan timeToLive) => Guard(() => Denied["jti:" + jti] = timeToLive);

    public Task DenySessionAsync(string sid, TimeSpan timeToLive) => Guard(() => Denied["sid:" + sid] = timeToLive);

    private Task<T> Guard<T>(Func<T> operation) =>
        Down ? Task.FromException<T>(new SharedStoreUnavailableException("down")) : Task.FromResult(operation());
}

internal sealed class ManualTime : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;
    public override DateTimeOffset GetUtcNow() => Now;

    // Elapsed time (GetElapsedTime, what the rate limiter refills by) follows Now too, instead of the machine's Stopwatch.
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override long GetTimestamp() => Now.UtcTicks;
}
