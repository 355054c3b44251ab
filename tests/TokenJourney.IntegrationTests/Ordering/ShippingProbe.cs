using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>
/// Asks Shipping itself whether an order has a shipment, with a token for audience shipping obtained the way Orders
/// gets one: an RFC 8693 exchange as the orders client (its credentials are what AppHost gives Orders).
/// </summary>
internal sealed class ShippingProbe(TokenJourneyFixture app)
{
    public async Task<HttpStatusCode> ShipmentStatusAsync(Guid orderId, string subjectToken, CancellationToken ct)
    {
        using var shipping = app.CreateHttpClient("shipping");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/shipments/{orderId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await ExchangeForShippingAsync(subjectToken, ct));
        using var response = await shipping.SendAsync(request, ct);
        return response.StatusCode;
    }

    private async Task<string> ExchangeForShippingAsync(string subjectToken, CancellationToken ct)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync($"{app.Authority}/protocol/openid-connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["subject_token"] = subjectToken,
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
            ["audience"] = "shipping",
            ["scope"] = "shipping:create",
            ["client_id"] = app.Environment("orders", "Identity__ClientId"),
            ["client_secret"] = app.Environment("orders", "Identity__ClientSecret"),
        }), ct);
        Assert.True(response.IsSuccessStatusCode, $"token exchange for shipping: {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("access_token").GetString()!;
    }
}
