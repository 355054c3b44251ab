using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using TokenJourney.ServiceDefaults;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Orders.TokenExchange;

/// <summary>
/// RFC 8693 token exchange at the IdP: the caller's token for a narrower one (one audience, only the scope the next
/// hop needs, <c>act</c> naming Orders). Results are cached per (hash of the subject token, audience, scope) until
/// shortly before they expire, so a burst of calls with one token costs one round trip to the IdP.
/// </summary>
public sealed class TokenExchanger(HttpClient http, IOptions<ExchangeClientOptions> options, IMemoryCache cache, TimeProvider time)
{
    public const string Strategy = "exchanged";

    public async Task<ExchangedToken> ExchangeAsync(string subjectToken, string audience, string scope, CancellationToken cancellationToken)
    {
        using var activity = TokenJourneyTelemetry.ActivitySource.StartActivity($"orders token exchange {audience}", ActivityKind.Client);
        var key = CacheKey(subjectToken, audience, scope);
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out ExchangedToken? cached) && cached!.ExpiresAt - options.Value.ExchangeRefreshMargin > now)
        {
            activity?.SetTag("token.exchange.cache", "hit");
            TokenFacts.Record(activity, cached.Describe(), Strategy, now);
            return cached;
        }

        activity?.SetTag("token.exchange.cache", "miss");
        ExchangedToken exchanged;
        try
        {
            exchanged = await RequestAsync(subjectToken, audience, scope, cancellationToken);
        }
        catch (TokenExchangeException e)
        {
            TokenFacts.RecordRejection(activity, Strategy, e.Error);
            throw;
        }
        TokenFacts.Record(activity, exchanged.Describe(), Strategy, now);
        var reusableFor = exchanged.ExpiresAt - options.Value.ExchangeRefreshMargin - now;
        if (reusableFor > TimeSpan.Zero)
        {
            cache.Set(key, exchanged, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = reusableFor, Size = 1 });
        }
        return exchanged;
    }

    private async Task<ExchangedToken> RequestAsync(string subjectToken, string audience, string scope, CancellationToken cancellationToken)
    {
        var client = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, client.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
                ["subject_token"] = subjectToken,
                ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
                ["requested_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
                ["audience"] = audience,
                ["scope"] = scope,
                ["client_id"] = client.ClientId,
                ["client_secret"] = client.ClientSecret,
            }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            throw new TokenExchangeException(audience, "provider_unreachable", null);
        }
        using (response)
        {
            using var body = await ReadJsonAsync(response, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var error = body?.RootElement.TryGetProperty("error", out var e) == true ? e.GetString() : null;
                throw new TokenExchangeException(audience, error ?? $"http_{(int)response.StatusCode}", (int)response.StatusCode);
            }
            if (body?.RootElement.TryGetProperty("access_token", out var token) != true || token.GetString() is not { Length: > 0 } jwt)
            {
                throw new TokenExchangeException(audience, "no_access_token", (int)response.StatusCode);
            }
            return new ExchangedToken(jwt, ExpiryOf(jwt, body.RootElement));
        }
    }

    /// <summary>The token's own exp wins; expires_in is the fallback for a provider whose tokens are not JWTs.</summary>
    private DateTimeOffset ExpiryOf(string jwt, JsonElement body)
    {
        try
        {
            var token = new JsonWebToken(jwt);
            if (token.ValidTo > DateTime.UnixEpoch)
            {
                return new DateTimeOffset(token.ValidTo, TimeSpan.Zero);
            }
        }
        catch (ArgumentException)
        {
            // Not a JWT: fall back to expires_in.
        }
        return time.GetUtcNow().AddSeconds(body.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : 0);
    }

    private static async Task<JsonDocument?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A hash, not the token, keys the cache: a heap dump of the cache keys yields no credential.</summary>
    private static string CacheKey(string subjectToken, string audience, string scope) =>
        $"exchange:{audience}:{scope}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subjectToken)))}";
}
