using System.Net;
using System.Net.Http.Headers;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Gateway;

/// <summary>Rotating the IdP's signing key changes every gateway's view of "valid": it runs alone.</summary>
[Collection(DisruptiveCollection.Name)]
public sealed class KeyRotationTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task Rotating_the_signing_key_during_a_steady_stream_fails_no_request()
    {
        var idp = new IdentityProviderClient(App);
        using var gateway = App.CreateHttpClient("gateway");
        var failures = new List<string>();
        var sent = 0;

        async Task StreamAsync(int rounds)
        {
            for (var round = 0; round < rounds; round++)
            {
                // A fresh token each round, so tokens signed with the new key arrive right after the rotation.
                var token = await idp.PasswordGrantAsync("alice", "alice", Cancellation);
                for (var i = 0; i < 20; i++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/api/orders");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using var response = await gateway.SendAsync(request, Cancellation);
                    sent++;
                    if (response.StatusCode != HttpStatusCode.OK) failures.Add($"round {round}: {(int)response.StatusCode} {response.Headers.WwwAuthenticate}");
                }
            }
        }

        // The gateway refetches the JWKS for an unknown kid at most once per 5 s (Gateway:JwksMinRefreshSeconds). A test
        // that ran just before may have used that budget (a forged kid) or rotated the key again within it
        // (SigningKeyRotationTests rotates three times in about 2 s), so this test's first fresh token could carry a
        // kid the gateway may not fetch yet. It is about rotation during a stream, not floods: each phase starts with
        // the budget free.
        Task RefetchBudgetFreeAsync() => Task.Delay(TimeSpan.FromSeconds(6), Cancellation);

        await RefetchBudgetFreeAsync();
        await StreamAsync(5);
        await RefetchBudgetFreeAsync();
        await idp.RotateSigningKeyAsync(await idp.PasswordGrantAsync("sam", "sam", Cancellation), Cancellation);
        await StreamAsync(10);

        Assert.True(sent >= 300);
        Assert.Empty(failures);
    }
}
