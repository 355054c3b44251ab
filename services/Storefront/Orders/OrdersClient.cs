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

/// <summary>The parts of an order the Storefront shows; read leniently so a new field in Orders' API breaks nothing.</summary>
public sealed record OrderSnapshot(string Id, string Status)
{
    public static OrderSnapshot Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new OrderSnapshot(Text(root, "id") ?? Text(root, "orderId") ?? "", Text(root, "status") ?? "Placed");
    }

    public static string? Text(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number => property.Value.GetRawText(),
                    _ => null,
                };
            }
        }
        return null;
    }
}

/// <summary>A refusal from the gateway or Orders, with what is safe to show: status, RFC 6750/7807 error text.</summary>
public sealed class OrdersApiException(HttpStatusCode status, string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>When the gateway or Orders said to try again (503 with <c>Retry-After</c>): nothing was placed.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public static OrdersApiException From(HttpResponseMessage response, string body)
    {
        var status = response.StatusCode;
        var detail = response.Headers.WwwAuthenticate.FirstOrDefault()?.ToString();
        try
        {
            using var document = JsonDocument.Parse(body);
            detail = OrderSnapshot.Text(document.RootElement, "detail") ?? OrderSnapshot.Text(document.RootElement, "title") ?? detail;
        }
        catch (JsonException)
        {
            // Not problem details; the status says enough.
        }
        var retryAfter = status == HttpStatusCode.ServiceUnavailable ? response.Headers.RetryAfter?.Delta : null;
        return new OrdersApiException(status, $"{(int)status} {status}{(detail is null ? "" : ": " + detail)}", retryAfter);
    }
}
