using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>
/// A token signed with a key the cached JWKS does not hold yet (the provider just rotated) is checked once more against
/// keys fetched now, awaited. IdentityModel's ConfigurationManager (8.x) refreshes in the background after an unknown
/// kid, so the first request after a rotation would fail (AzureAD/azure-activedirectory-identitymodel-extensions-for-dotnet#2780).
/// Fetches happen at most three times per three <see cref="MinimumInterval"/>s, whatever the number of unknown kids.
/// When the keys cannot be fetched (the provider is down, and this service may never have fetched them, e.g. it started
/// while the provider was down), the token is not refused for an unknown key: the result fails with
/// <see cref="SigningKeysUnavailableException"/>, a transient "cannot tell now". Nothing is accepted without a verified signature.
/// </summary>
public sealed class SigningKeyRefresh(TimeProvider time)
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    /// <summary>
    /// A burst of fetches, then one per <see cref="MinimumInterval"/> on average, as the gateway's JWKS cache does:
    /// rotations in quick succession are each picked up at once, a flood of forged kids stays bounded.
    /// </summary>
    private const int Burst = 3;

    private readonly Queue<DateTimeOffset> _recentFetches = new();
    private ICollection<SecurityKey>? _keys;
    private bool _lastFetchFailed;

    /// <summary>
    /// The result of validating <paramref name="token"/> against freshly fetched keys; a failed result with
    /// <see cref="SigningKeysUnavailableException"/> when no keys could be had.
    /// </summary>
    public async Task<TokenValidationResult> RevalidateAsync(string token, JwtBearerOptions options, StrictJwtHandler handler, CancellationToken cancellationToken)
    {
        if (await FetchAsync(options, cancellationToken) is not { } keys)
        {
            return new TokenValidationResult { IsValid = false, Exception = new SigningKeysUnavailableException() };
        }
        var parameters = options.TokenValidationParameters.Clone();
        parameters.ConfigurationManager = null;
        parameters.IssuerSigningKeys = keys;
        return await handler.ValidateTokenAsync(token, parameters);
    }

    private async Task<ICollection<SecurityKey>?> FetchAsync(JwtBearerOptions options, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            while (_recentFetches.TryPeek(out var oldest) && now - oldest >= MinimumInterval * Burst)
            {
                _recentFetches.Dequeue();
            }
            if (_recentFetches.Count >= Burst)
            {
                // Fetched just now: those keys answer, unless that fetch failed too.
                return _lastFetchFailed ? null : _keys;
            }
            _recentFetches.Enqueue(now);
            using var http = new HttpClient { Timeout = options.BackchannelTimeout };
            var configuration = await new PinnedKeysConfigurationRetriever().GetConfigurationAsync(
                options.MetadataAddress!, new HttpDocumentRetriever(http) { RequireHttps = options.RequireHttpsMetadata }, cancellationToken);
            // The shared cache catches up too, so later requests need no second look.
            options.ConfigurationManager?.RequestRefresh();
            _lastFetchFailed = false;
            return _keys = configuration.SigningKeys;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The provider unreachable (or answering with an error): nobody can tell whether the key is genuine now.
            _lastFetchFailed = true;
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }
}
