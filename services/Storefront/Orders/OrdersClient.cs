using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.Storefront.Sessions;

namespace TokenJourney.Storefront.Orders;

/// <summary>
/// Orders' API, reached only through the gateway with the session's (opaque) access token. A 401 means the token
/// expired or was revoked since it was handed out: refresh once and retry, as any well-behaved OAuth client does.
/// </summary>
public sealed class OrdersClient(HttpClient http, AccessTokens tokens)
{
    public Task<OrderSnapshot> PlaceAsync(TokenSession session, string item, int quantity, Uri callback, CancellationToken cancellationToken) =>
        SendAsync(session, () => new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { sku = item, quantity, callbackUrl = callback.ToString() }),
        }, cancellationToken);

    public Task<OrderSnapshot> GetAsync(TokenSession session, string orderId, CancellationToken cancellationToken) =>
        SendAsync(session, () => new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{Uri.EscapeDataString(orderId)}"), cancellationToken);

    /// <summary>Hands Orders a fresh token for an order that waits for re-authorization; Orders re-publishes it.</summary>
    public Task<OrderSnapshot> ResumeAsync(TokenSession session, string orderId, CancellationToken cancellationToken) =>
        SendAsync(session, () => new HttpRequestMessage(HttpMethod.Post, $"/api/orders/{Uri.EscapeDataString(orderId)}/resume"), cancellationToken);

    private async Task<OrderSnapshot> SendAsync(TokenSession session, Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        var generation = session.Tokens.Generation;
        using var response = await SendWithTokenAsync(create, await tokens.GetAsync(session, cancellationToken), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && session.Tokens.RefreshToken is not null)
        {
            var refreshed = await tokens.RefreshAsync(session, generation, "refused by the gateway", cancellationToken);
            using var retried = await SendWithTokenAsync(create, refreshed.AccessToken, cancellationToken);
            return await ReadAsync(retried, cancellationToken);
        }
        return await ReadAsync(response, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendWithTokenAsync(Func<HttpRequestMessage> create, string accessToken, CancellationToken cancellationToken)
    {
        using var request = create();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return await http.SendAsync(request, cancellationToken);
    }

    private static async Task<OrderSnapshot> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw OrdersApiException.From(response, body);
        }
        return OrderSnapshot.Parse(body);
    }
}
