using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using TokenJourney.IntegrationTests.Hosting;
using TokenJourney.IntegrationTests.Identity;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>Orders and the identity provider agree on what a refused token exchange means for the caller.</summary>
public sealed class ExchangeRefusalTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task An_order_with_a_token_the_provider_revoked_is_a_bearer_challenge_to_refresh_not_a_bad_gateway()
    {
        var idp = new ProtocolClient(App);
        var token = (await idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;
        // Revoked at the provider only: Orders still finds it valid (signature, audience, lifetime), the exchange does not.
        Assert.Equal(HttpStatusCode.OK, await idp.RevokeAsync("journey-tests", token, "access_token"));

        using var orders = App.CreateHttpClient("orders");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders") { Content = JsonContent.Create(new { sku = "tea-sencha", quantity = 1 }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await orders.SendAsync(request, Cancellation);

        // The provider answers invalid_request (RFC 8693 2.2.2); Orders reads it as the caller's cue to refresh (RFC 6750 3.1).
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }
}
