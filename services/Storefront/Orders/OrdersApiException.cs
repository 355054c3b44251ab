using System.Net;
using System.Text.Json;

namespace TokenJourney.Storefront.Orders;

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
