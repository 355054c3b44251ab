using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.Orders.Reservations;

namespace TokenJourney.Orders.Inventory;

/// <summary>Inventory's API (<c>http://inventory</c> through service discovery), called with a token exchanged for audience inventory.</summary>
public sealed class InventoryClient(HttpClient http)
{
    public const string Audience = "inventory";

    public async Task<ReservationResult> ReserveAsync(Guid orderId, string sku, int quantity, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/reservations")
        {
            Content = JsonContent.Create(new { orderId, sku, quantity }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return new ReservationResult(ReservationOutcome.Unavailable, "Inventory could not be reached.");
        }
        using (response)
        {
            var detail = await DetailAsync(response, cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.OK or HttpStatusCode.Created => new ReservationResult(ReservationOutcome.Reserved),
                HttpStatusCode.Conflict => new ReservationResult(ReservationOutcome.OutOfStock, detail),
                HttpStatusCode.NotFound => new ReservationResult(ReservationOutcome.UnknownItem, detail),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest =>
                    new ReservationResult(ReservationOutcome.Refused, $"Inventory answered {(int)response.StatusCode}."),
                _ => new ReservationResult(ReservationOutcome.Unavailable, $"Inventory answered {(int)response.StatusCode}."),
            };
        }
    }

    /// <summary>Best effort: gives the stock back when the order could not be committed after all.</summary>
    public async Task ReleaseAsync(Guid orderId, string accessToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/reservations/{orderId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            // Inventory is down: the reservation, if it was made at all, stays until Inventory is asked again.
        }
    }

    /// <summary>Tells Inventory these orders were committed, so it keeps their reservations (Orders' own token, <c>inventory:confirm</c>).</summary>
    public async Task<ReservationConfirmation> ConfirmAsync(IReadOnlyCollection<Guid> orderIds, string serviceToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/reservations/confirmations")
        {
            Content = JsonContent.Create(new { orderIds }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceToken);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return ReservationConfirmation.Failed($"Inventory answered {(int)response.StatusCode}");
            }
            var body = await response.Content.ReadFromJsonAsync<ConfirmationBody>(cancellationToken);
            return new ReservationConfirmation(body?.Confirmed ?? [], body?.Unknown ?? []);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException
                                       || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ReservationConfirmation.Failed($"Inventory could not be reached ({e.GetType().Name})");
        }
    }

    private sealed record ConfirmationBody(Guid[]? Confirmed, Guid[]? Unknown);

    private static async Task<string?> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
        {
            return null;
        }
        try
        {
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            return body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
