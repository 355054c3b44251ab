using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Identity;

/// <summary>The provider keeps its keys, refresh tokens and reference tokens in its store: a restart signs nobody out.</summary>
[Collection(DisruptiveCollection.Name)]
public sealed class RestartTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private readonly ProtocolClient _idp = new(app);

    [Fact]
    public async Task Bob_storefront_session_survives_an_identity_restart()
    {
        var tokens = (await _idp.SignInAtStorefrontAsync("bob", "bob")).Tokens.EnsureSuccess();
        var kidsBefore = await _idp.PublishedKeyIdsAsync();

        await App.StopResourceAsync("identity");
        await App.StartResourceAsync("identity");

        Assert.Equal(kidsBefore, await _idp.PublishedKeyIdsAsync());
        Assert.True((await _idp.IntrospectAsync(tokens.AccessToken!)).GetProperty("active").GetBoolean(), "the opaque access token was lost");
        var refreshed = (await _idp.RefreshAsync("storefront", tokens.RefreshToken!)).EnsureSuccess();
        Assert.Equal(Jwt.Payload(tokens.IdToken!).GetProperty("sid").GetString(), (await _idp.IntrospectAsync(refreshed.AccessToken!)).GetProperty("sid").GetString());
    }

    [Fact]
    public async Task A_refresh_token_from_a_password_grant_survives_an_identity_restart_and_reuse_detection_still_holds()
    {
        var signedIn = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess();
        var rotated = (await _idp.RefreshAsync("journey-tests", signedIn.RefreshToken!)).EnsureSuccess();
        var unused = (await _idp.PasswordAsync("alice", "alice")).EnsureSuccess();

        await App.StopResourceAsync("identity");
        await App.StartResourceAsync("identity");

        // A store wiped by the restart would also answer invalid_grant below: a token it still knows must work first.
        var survived = await _idp.RefreshAsync("journey-tests", unused.RefreshToken!);
        Assert.True(survived.Status == System.Net.HttpStatusCode.OK, $"an unused refresh token from before the restart was refused: {survived}");
        Assert.NotNull(survived.AccessToken);
        Assert.NotNull(survived.RefreshToken);
        Assert.NotEqual(unused.RefreshToken, survived.RefreshToken);

        var replay = await _idp.RefreshAsync("journey-tests", signedIn.RefreshToken!);
        Assert.Equal("invalid_grant", replay.Error);
        Assert.Equal("invalid_grant", (await _idp.RefreshAsync("journey-tests", rotated.RefreshToken!)).Error);
    }
}
