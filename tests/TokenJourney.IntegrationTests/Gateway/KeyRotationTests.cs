using System.Net;
using System.Net.Http.Headers;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Gateway;

/// <summary>Rotating the IdP's signing key changes every service's view of "valid": it runs alone.</summary>
[Collection(DisruptiveCollection.Name)]
public sealed class KeyRotationTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    /// <summary>
    /// One stream of requests through the gateway (which validates, then Orders validates again): a token signed before
    /// the rotation stays in use before and after it, and a token signed with the promoted key joins the stream at once.
    /// No pause anywhere: the first request with the new key must pass, as the JWKS published that key ahead of use.
    /// </summary>
    [Fact]
    public async Task Rotating_the_signing_key_during_one_stream_fails_no_request_with_the_old_or_the_new_key()
    {
        var idp = new IdentityProviderClient(App);
        using var gateway = App.CreateHttpClient("gateway");
        var failures = new List<string>();

        async Task SendAsync(string token, string what)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/orders");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await gateway.SendAsync(request, Cancellation);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{what}: {(int)response.StatusCode} {response.Headers.WwwAuthenticate}");
            }
        }

        var sam = await idp.PasswordGrantAsync("sam", "sam", Cancellation);
        var preRotation = await idp.PasswordGrantAsync("alice", "alice", Cancellation);
        for (var i = 0; i < 10; i++)
        {
            await SendAsync(preRotation, $"pre-rotation token, request {i} before the rotation");
        }

        await idp.RotateSigningKeyAsync(sam, Cancellation);
        var postRotation = await idp.PasswordGrantAsync("alice", "alice", Cancellation);
        Assert.NotEqual(KeyTrust.Kid(preRotation), KeyTrust.Kid(postRotation));

        for (var i = 0; i < 10; i++)
        {
            await SendAsync(postRotation, $"new-key token, request {i} after the rotation");
            await SendAsync(preRotation, $"pre-rotation token, request {i} after the rotation");
        }

        Assert.Empty(failures);
        await App.AssertEveryServiceTrustsTheActiveKeyAsync(Cancellation);
    }
}
