using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Gateway;

/// <summary>
/// The phantom token's cost at the IdP, read from the gateway's process-wide resolution counter: alone (see
/// <see cref="CountersCollection"/>), since any other test's opaque token moves the same counter.
/// </summary>
[Collection(CountersCollection.Name)]
public sealed class PhantomTokenResolutionTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private readonly IdentityProviderClient _idp = new(app);

    [Fact]
    public async Task A_thousand_requests_with_one_opaque_token_cost_one_resolution_at_the_IdP()
    {
        using var gateway = App.CreateHttpClient("gateway");
        var opaque = await _idp.StorefrontOpaqueTokenAsync("bob", "bob", Cancellation);
        var before = await IdpResolutionsAsync(gateway);

        var statuses = new List<HttpStatusCode>();
        for (var batch = 0; batch < 20; batch++)
        {
            var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/orders");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", opaque);
                using var response = await gateway.SendAsync(request, Cancellation);
                return response.StatusCode;
            }));
            statuses.AddRange(responses);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(1, await IdpResolutionsAsync(gateway) - before);
    }

    private async Task<long> IdpResolutionsAsync(HttpClient gateway)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/token-stats");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _idp.PasswordGrantAsync("sam", "sam", Cancellation));
        using var response = await gateway.SendAsync(request, Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("idpResolutions").GetInt64();
    }
}
