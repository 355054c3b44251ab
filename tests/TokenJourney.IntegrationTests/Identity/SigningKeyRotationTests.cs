using System.Net;
using System.Net.Http.Headers;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Identity;

/// <summary>
/// A support engineer promotes the signing key that the JWKS has been publishing ahead of use: tokens already out keep
/// validating until they expire, new tokens carry the promoted kid, and every service already trusted it. It changes
/// what every service trusts, so it runs alone.
/// </summary>
[Collection(DisruptiveCollection.Name)]
public sealed class SigningKeyRotationTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private readonly ProtocolClient _idp = new(app);

    [Fact]
    public async Task Sam_rotates_the_signing_key_and_old_and_new_tokens_both_validate()
    {
        var before = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;
        var oldKid = Jwt.Header(before).GetProperty("kid").GetString()!;
        var sam = (await _idp.PasswordAsync("sam", "sam")).EnsureSuccess().AccessToken!;
        var publishedBefore = await _idp.PublishedKeyIdsAsync();

        var (status, rotated) = await RotateWithAnswerAsync(new AuthenticationHeaderValue("Bearer", sam));
        Assert.Equal(HttpStatusCode.OK, status);
        // The token before the rotation was signed with the key that was active, never with the pre-published next one.
        Assert.Equal(oldKid, rotated.GetProperty("previous").GetString());

        var after = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;
        var newKid = Jwt.Header(after).GetProperty("kid").GetString()!;
        Assert.NotEqual(oldKid, newKid);
        Assert.Contains(newKid, publishedBefore);
        var published = await _idp.PublishedKeyIdsAsync();
        Assert.Contains(oldKid, published);
        Assert.Contains(newKid, published);

        Assert.True(await _idp.VerifiesAgainstJwksAsync(before), "a token signed before the rotation no longer validates");
        Assert.True(await _idp.VerifiesAgainstJwksAsync(after));
        Assert.True((await _idp.IntrospectAsync(before)).GetProperty("active").GetBoolean());
        // Exchanged tokens, service account tokens and the discovery's JWKS all move to the new key too.
        var exchanged = (await _idp.ExchangeAsync("orders", before, "inventory")).EnsureSuccess().AccessToken!;
        Assert.Equal(newKid, Jwt.Header(exchanged).GetProperty("kid").GetString());
        Assert.Equal(newKid, Jwt.Header((await _idp.ClientCredentialsAsync("orders")).EnsureSuccess().AccessToken!).GetProperty("kid").GetString());
        await App.AssertEveryServiceTrustsTheActiveKeyAsync(Cancellation);
    }

    [Fact]
    public async Task A_second_rotation_retires_the_oldest_key_from_the_JWKS()
    {
        var sam = (await _idp.PasswordAsync("sam", "sam")).EnsureSuccess().AccessToken!;
        var first = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;

        Assert.Equal(HttpStatusCode.OK, (await RotateAsync(new AuthenticationHeaderValue("Bearer", sam))).Status);
        var second = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;
        Assert.Equal(HttpStatusCode.OK, (await RotateAsync(new AuthenticationHeaderValue("Bearer", sam))).Status);

        var published = await _idp.PublishedKeyIdsAsync();
        Assert.Equal(3, published.Count); // active, next (pre-published), previous
        Assert.DoesNotContain(Jwt.Header(first).GetProperty("kid").GetString(), published);
        Assert.Contains(Jwt.Header(second).GetProperty("kid").GetString(), published);
        await App.AssertEveryServiceTrustsTheActiveKeyAsync(Cancellation);
    }

    [Fact]
    public async Task Rotation_needs_the_support_role_or_the_admin_credential()
    {
        var alice = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;
        var kidsBefore = await _idp.PublishedKeyIdsAsync();

        var (anonymous, anonymousError) = await RotateAsync(null);
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_token"), (anonymous, anonymousError));

        var (customer, customerError) = await RotateAsync(new AuthenticationHeaderValue("Bearer", alice));
        Assert.Equal((HttpStatusCode.Forbidden, "insufficient_scope"), (customer, customerError));

        var (guess, guessError) = await RotateAsync(Basic(TokenJourneyFixture.AdminUsername, "guess"));
        Assert.Equal((HttpStatusCode.Forbidden, "insufficient_scope"), (guess, guessError));
        Assert.Equal(kidsBefore, await _idp.PublishedKeyIdsAsync());

        // The configured admin credential rotates: the key that was published next becomes the active one.
        var (admin, adminError) = await RotateAsync(Basic(TokenJourneyFixture.AdminUsername, App.AdminPassword));
        Assert.Equal((HttpStatusCode.OK, null), (admin, adminError));
        var after = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess().AccessToken!;
        Assert.NotEqual(Jwt.Header(alice).GetProperty("kid").GetString(), Jwt.Header(after).GetProperty("kid").GetString());
        Assert.Contains(Jwt.Header(after).GetProperty("kid").GetString(), kidsBefore);
        await App.AssertEveryServiceTrustsTheActiveKeyAsync(Cancellation);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));

    private async Task<(HttpStatusCode Status, string? Error)> RotateAsync(AuthenticationHeaderValue? authorization)
    {
        var (status, body) = await RotateWithAnswerAsync(authorization);
        return (status, body.TryGetProperty("error", out var e) ? e.GetString() : null);
    }

    /// <summary>The rotation's answer: the kids now active, next and previous (or the error).</summary>
    private async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> RotateWithAnswerAsync(AuthenticationHeaderValue? authorization)
    {
        using var http = ProtocolClient.NewHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{App.Authority}/admin/keys/rotate");
        request.Headers.Authorization = authorization;
        using var response = await http.SendAsync(request, Cancellation);
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        return (response.StatusCode, System.Text.Json.JsonDocument.Parse(body).RootElement.Clone());
    }
}
