using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using TokenJourney.Orders.TokenExchange;

namespace TokenJourney.Orders.Reservations;

/// <summary>
/// Orders' own access token (client credentials, RFC 6749 4.4) for one scope, for work Orders does on its own account
/// after the customer's request is over: confirming reservations. One token per scope is reused until shortly before it
/// expires.
/// </summary>
public sealed class ServiceToken(IHttpClientFactory httpClients, IOptions<ExchangeClientOptions> options, TimeProvider time)
{
    public const string HttpClientName = "service-token";

    /// <summary>A token is renewed this long before it expires, so the receiver never gets one about to lapse.</summary>
    private static readonly TimeSpan RenewalMargin = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (string Token, DateTimeOffset ExpiresAt)> _current = [];

    /// <exception cref="ServiceTokenUnavailableException">The provider could not be reached or refused.</exception>
    public async Task<string> GetAsync(string scope, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current.TryGetValue(scope, out var current) && current.ExpiresAt - RenewalMargin > time.GetUtcNow())
            {
                return current.Token;
            }
            var issued = await RequestAsync(scope, cancellationToken);
            _current[scope] = issued;
            return issued.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(string Token, DateTimeOffset ExpiresAt)> RequestAsync(string scope, CancellationToken cancellationToken)
    {
        var client = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, client.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["scope"] = scope,
                ["client_id"] = client.ClientId,
                ["client_secret"] = client.ClientSecret,
            }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new ServiceTokenUnavailableException($"the identity provider answered {(int)response.StatusCode}");
            }
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            if (!body.RootElement.TryGetProperty("access_token", out var token) || token.GetString() is not { Length: > 0 } jwt)
            {
                throw new ServiceTokenUnavailableException("the identity provider sent no access token");
            }
            return (jwt, new DateTimeOffset(new JsonWebToken(jwt).ValidTo, TimeSpan.Zero));
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or ArgumentException
                                       || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ServiceTokenUnavailableException($"the identity provider could not be asked ({e.GetType().Name})");
        }
    }
}

/// <summary>No service token could be had now; <see cref="Exception.Message"/> says why, never with token content.</summary>
public sealed class ServiceTokenUnavailableException(string reason) : Exception(reason);
