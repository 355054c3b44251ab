using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace TokenJourney.Gateway.Tokens;

/// <summary>
/// Phantom token resolution by RFC 8693 token exchange rather than introspection: one call both proves the opaque token
/// is active and yields an IdP-signed JWT for exactly the audience behind the gateway (aud orders, act.sub gateway,
/// exp never past the subject token's), so Orders gets a token it can verify itself instead of trusting the gateway.
/// </summary>
public sealed class TokenExchangeClient(HttpClient http, string tokenEndpoint, string clientId, string clientSecret) : ITokenExchangeClient
{
    public async Task<ExchangeResult> ExchangeAsync(string subjectToken, string audience, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
                ["subject_token"] = subjectToken,
                ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
                ["requested_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
                ["audience"] = audience,
                ["client_id"] = clientId,
                ["client_secret"] = clientSecret,
            }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            return ExchangeResult.Unavailable;
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return ExchangeResult.Refused;
            }
            if (!response.IsSuccessStatusCode)
            {
                return ExchangeResult.Unavailable;
            }
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            return body.RootElement.TryGetProperty("access_token", out var token) && token.GetString() is { Length: > 0 } jwt
                ? new ExchangeResult(ExchangeStatus.Issued, jwt)
                : ExchangeResult.Unavailable;
        }
    }
}
