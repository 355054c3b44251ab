using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using TokenJourney.Gateway.Edge;
using TokenJourney.Gateway.Revocation;
using TokenJourney.Gateway.Telemetry;
using TokenJourney.ServiceDefaults;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Gateway.Tokens;

/// <summary>
/// Decides what a bearer token at the edge is worth, cheapest layer first:
/// in-process memo (by SHA-256) → JWT verification (JWTs for the gateway's audience, forwarded unchanged) or, for an
/// opaque token, the shared Redis cache → one token exchange at the IdP (single-flight per token). Then, per route
/// strategy, the token for the service behind it: the embedded one (<see cref="TakeEmbeddedAsync"/>) or an exchanged
/// one (<see cref="ExchangeForAsync"/>).
/// The deny-list is NOT consulted here: it is checked on every request by the caller, so revocation is immediate.
/// </summary>
public sealed class EdgeTokenService(
    JwtTokenValidator validator,
    ITokenExchangeClient exchange,
    IPhantomTokenStore sharedCache,
    VerifiedTokenMemo memo,
    GatewayMetrics metrics,
    TimeProvider time,
    IOptions<TokenValidationOptions> identity,
    IOptions<EdgeOptions> edge)
{
    /// <summary>The audience a JWT presented at the edge must carry: the gateway's own.</summary>
    private readonly string _gatewayAudience = identity.Value.Audience;
    private readonly string _exchangeAudience = edge.Value.ExchangeAudience;
    private readonly TimeSpan _phantomCacheBound = TimeSpan.FromSeconds(edge.Value.PhantomCacheSeconds);
    private readonly TimeSpan _negativeCache = TimeSpan.FromSeconds(edge.Value.NegativeCacheSeconds);
    private const int MaxTokenLength = 16 * 1024;
    private readonly ConcurrentDictionary<string, Lazy<Task<TokenDecision>>> _inFlight = new(StringComparer.Ordinal);

    public async ValueTask<TokenDecision> DecideAsync(string token, CancellationToken cancellationToken)
    {
        var strategy = LooksLikeJwt(token) ? VerifiedToken.Forwarded : VerifiedToken.Phantom;
        if (token.Length > MaxTokenLength)
        {
            return TokenDecision.Reject("oversized", strategy);
        }
        if (!IsB64Token(token))
        {
            return TokenDecision.Reject("malformed", strategy);
        }

        var hash = TokenHash.Of(token);
        if (memo.TryGet(hash, out var remembered, out var refusal))
        {
            return remembered is not null
                ? TokenDecision.Accept(remembered, "memo")
                : TokenDecision.Reject(refusal ?? "invalid", strategy, "memo");
        }

        var started = Stopwatch.GetTimestamp();
        using var span = TokenJourneyTelemetry.ActivitySource.StartActivity("gateway.token.resolve");
        span?.SetTag(TokenJourneyTelemetry.Tags.Strategy, strategy);

        var decision = strategy == VerifiedToken.Forwarded
            ? await VerifyJwtAsync(hash, token, _gatewayAudience, VerifiedToken.Forwarded, cancellationToken)
            : await ExchangeOnceAsync(hash, token, _exchangeAudience, VerifiedToken.Phantom).WaitAsync(cancellationToken);

        span?.SetTag(TokenJourneyTelemetry.Tags.Outcome, decision.Outcome == TokenOutcome.Accepted ? "accepted" : "rejected");
        span?.SetTag(TokenJourneyTelemetry.Tags.Reason, decision.Reason);
        span?.SetTag("token.cache", decision.Cache);
        metrics.Resolution(Stopwatch.GetElapsedTime(started).TotalMilliseconds, strategy, decision.Outcome.ToString().ToLowerInvariant());
        return decision;
    }

    /// <summary>A JWT for <paramref name="audience"/>, verified and memoized under <paramref name="memoKey"/> until it expires.</summary>
    private async Task<TokenDecision> VerifyJwtAsync(string memoKey, string jwt, string audience, string strategy, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(jwt, audience, cancellationToken);
        if (!result.IsValid)
        {
            return result.Reason == "keys_unavailable"
                ? TokenDecision.Unavailable(result.Reason, strategy)
                : TokenDecision.Reject(result.Reason, strategy);
        }
        var verified = Describe(jwt, result.Token!, strategy);
        memo.Remember(memoKey, verified, verified.Expires);
        return TokenDecision.Accept(verified, "miss");
    }

    /// <summary>However many requests carry the same unknown token at once, one of them does the exchange.</summary>
    private Task<TokenDecision> ExchangeOnceAsync(string key, string subjectToken, string audience, string strategy)
    {
        var flight = _inFlight.GetOrAdd(key, _ => new Lazy<Task<TokenDecision>>(() => ExchangeAsync(key, subjectToken, audience, strategy)));
        var task = flight.Value;
        _ = task.ContinueWith(_ => _inFlight.TryRemove(new KeyValuePair<string, Lazy<Task<TokenDecision>>>(key, flight)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    /// <summary>
    /// Shared cache, else one RFC 8693 exchange for <paramref name="audience"/>. <paramref name="key"/> is the opaque token's
    /// hash (phantom) or the caller's JWT's hash with the audience (exchange route): never a bare JWT hash, so an exchanged
    /// token can never be found under the hash of a token presented at the edge.
    /// </summary>
    private async Task<TokenDecision> ExchangeAsync(string key, string subjectToken, string audience, string strategy)
    {
        // Not the caller's token: one impatient client must not fail the resolution everyone else is waiting on.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));

        string? cached = null;
        try
        {
            cached = await sharedCache.GetAsync(key);
        }
        catch (SharedStoreUnavailableException)
        {
            // Defined fallback: without Redis the gateway resolves at the IdP and keeps the result in-process only.
            metrics.SharedStoreFailure("phantom_get");
        }

        if (cached is not null)
        {
            var fromCache = await AcceptExchangedAsync(key, cached, audience, strategy, timeout.Token);
            if (fromCache is not null)
            {
                return TokenDecision.Accept(fromCache, "redis");
            }
        }

        var exchanged = await exchange.ExchangeAsync(subjectToken, audience, timeout.Token);
        metrics.IdpResolution(exchanged.Status.ToString().ToLowerInvariant());
        switch (exchanged.Status)
        {
            case ExchangeStatus.Refused:
                var refusal = strategy == VerifiedToken.Phantom ? "inactive" : "exchange_refused";
                memo.RememberRefusal(key, refusal, _negativeCache);
                return TokenDecision.Reject(refusal, strategy, "idp");
            case ExchangeStatus.Unavailable:
                return TokenDecision.Unavailable("idp_unavailable", strategy);
        }

        var verified = await AcceptExchangedAsync(key, exchanged.AccessToken!, audience, strategy, timeout.Token);
        if (verified is null)
        {
            // The IdP handed back something that does not verify: never forward it.
            return TokenDecision.Reject("exchange_invalid", strategy, "idp");
        }

        try
        {
            await sharedCache.SetAsync(key, exchanged.AccessToken!, CacheLifetime(verified));
        }
        catch (SharedStoreUnavailableException)
        {
            metrics.SharedStoreFailure("phantom_set");
        }
        return TokenDecision.Accept(verified, "idp");
    }

    /// <summary>Verifies an exchanged JWT (audience = the route's service) and memoizes it under <paramref name="key"/>.</summary>
    private async Task<VerifiedToken?> AcceptExchangedAsync(string key, string jwt, string audience, string strategy, CancellationToken cancellationToken)
    {
        var result = await validator.ValidateAsync(jwt, audience, cancellationToken);
        if (!result.IsValid)
        {
            return null;
        }
        var verified = Describe(jwt, result.Token!, strategy);
        memo.Remember(key, verified, time.GetUtcNow() + CacheLifetime(verified));
        return verified;
    }

    /// <summary>
    /// Token embedding: the JWT <paramref name="caller"/> embeds for <paramref name="audience"/>, validated like any access
    /// token for that audience (signature, algorithm, issuer, audience, lifetime, type). The memo keys it apart from
    /// tokens presented at the edge, so an embedded token sent as the outer one is still refused for its audience.
    /// </summary>
    public async ValueTask<TokenDecision> TakeEmbeddedAsync(VerifiedToken caller, string audience, CancellationToken cancellationToken)
    {
        if (!caller.Embedded.TryGetValue(audience, out var jwt))
        {
            return TokenDecision.Reject("no_embedded_token", VerifiedToken.EmbeddedStrategy, "none");
        }
        var key = $"embedded:{audience}:{TokenHash.Of(jwt)}";
        if (memo.TryGet(key, out var remembered, out _) && remembered is not null)
        {
            return TokenDecision.Accept(remembered, "memo");
        }
        return await VerifyJwtAsync(key, jwt, audience, VerifiedToken.EmbeddedStrategy, cancellationToken);
    }

    /// <summary>
    /// Token exchange at the edge: a token for <paramref name="audience"/> exchanged from the one the caller sent, cached
    /// (memo, then Redis) until shortly before it expires. An opaque token was already exchanged for the gateway's
    /// exchange audience when it was resolved (phantom token): when that is the route's audience, that JWT goes on.
    /// </summary>
    public async ValueTask<TokenDecision> ExchangeForAsync(string presented, VerifiedToken caller, string audience, CancellationToken cancellationToken)
    {
        if (caller.Strategy == VerifiedToken.Phantom && audience == _exchangeAudience)
        {
            return TokenDecision.Accept(caller, "memo");
        }
        var key = $"exchange:{audience}:{TokenHash.Of(presented)}";
        if (memo.TryGet(key, out var remembered, out var refusal))
        {
            return remembered is not null
                ? TokenDecision.Accept(remembered, "memo")
                : TokenDecision.Reject(refusal ?? "exchange_refused", VerifiedToken.Exchanged, "memo");
        }
        return await ExchangeOnceAsync(key, presented, audience, VerifiedToken.Exchanged).WaitAsync(cancellationToken);
    }

    private TimeSpan CacheLifetime(VerifiedToken token)
    {
        var left = token.Expires - time.GetUtcNow();
        return left < _phantomCacheBound ? left : _phantomCacheBound;
    }

    private static VerifiedToken Describe(string jwt, JsonWebToken token, string strategy) => new(
        jwt,
        strategy,
        token.ValidTo == DateTime.MinValue ? DateTimeOffset.MinValue : new DateTimeOffset(token.ValidTo, TimeSpan.Zero),
        Claim(token, "sub"),
        Claim(token, "azp") ?? Claim(token, "client_id"),
        Claim(token, "jti"),
        Claim(token, "sid"),
        Claim(token, "scope"),
        string.Join(' ', token.Audiences),
        EmbeddedTokens.Read(token));

    private static string? Claim(JsonWebToken token, string name) =>
        token.TryGetPayloadValue<object>(name, out var value) && value?.ToString() is { Length: > 0 } text ? text : null;

    /// <summary>
    /// Opaque tokens never hold a dot; anything that does is read as a JWT, so a JWE or a token with the wrong number of
    /// segments is refused here as malformed instead of being sent to the IdP as an opaque token.
    /// </summary>
    internal static bool LooksLikeJwt(string token) => token.Contains('.');

    /// <summary>RFC 6750 b64token: anything else cannot be a token of ours and is refused before any lookup.</summary>
    internal static bool IsB64Token(string token)
    {
        if (token.Length == 0)
        {
            return false;
        }
        var end = token.Length;
        while (end > 0 && token[end - 1] == '=') end--;
        for (var i = 0; i < end; i++)
        {
            var c = token[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/'))
            {
                return false;
            }
        }
        return end > 0;
    }
}
