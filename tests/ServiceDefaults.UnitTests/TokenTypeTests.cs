using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.ServiceDefaults.UnitTests;

/// <summary>at+jwt (RFC 9068) is an access token; JWT is one only when Keycloak's payload says Bearer, and only while the option allows it.</summary>
public sealed class TokenTypeTests : ValidatorTest
{
    [Theory]
    [InlineData("at+jwt")]
    [InlineData("application/at+jwt")]
    public async Task An_RFC_9068_access_token_is_accepted(string typ)
    {
        Assert.Null(await RefusalAsync(SigningIssuer.Header(typ), SigningIssuer.Claims()));
    }

    [Fact]
    public async Task An_RFC_9068_access_token_without_Keycloaks_payload_typ_is_accepted()
    {
        Assert.Null(await RefusalAsync(SigningIssuer.Header(), Without(SigningIssuer.Claims(), "typ")));
    }

    [Fact]
    public async Task A_Keycloak_access_token_typed_JWT_is_accepted_by_default()
    {
        Assert.Null(await RefusalAsync(SigningIssuer.Header("JWT"), SigningIssuer.Claims()));
    }

    [Fact]
    public async Task A_Keycloak_access_token_typed_JWT_is_refused_when_the_option_is_off()
    {
        var options = SigningIssuer.Options();
        options.AcceptJwtType = false;
        Assert.Equal("invalid_type", await RefusalAsync(Issuer.Sign(SigningIssuer.Header("JWT"), SigningIssuer.Claims()), options));
    }

    [Theory]
    [InlineData("JWT", null)] // an OpenID Connect ID token: typed JWT, no payload typ
    [InlineData("JWT", "ID")] // Keycloak's ID token
    [InlineData("JWT", "Refresh")] // Keycloak's refresh token
    [InlineData("JWT", "Offline")]
    [InlineData("at+jwt", "ID")]
    public async Task An_ID_or_refresh_token_is_never_an_access_token(string headerType, string? payloadType)
    {
        var claims = SigningIssuer.Claims();
        claims["typ"] = payloadType;
        if (payloadType is null)
        {
            claims.Remove("typ");
        }
        Assert.Equal(TokenRejectionReason.NotAnAccessToken, await RefusalAsync(SigningIssuer.Header(headerType), claims));
    }

    [Theory]
    [InlineData("logout+jwt")]
    [InlineData("secevent+jwt")]
    [InlineData("at+jwt+evil")]
    public async Task Any_other_type_is_refused(string typ)
    {
        Assert.Equal("invalid_type", await RefusalAsync(SigningIssuer.Header(typ), SigningIssuer.Claims()));
    }

    [Fact]
    public async Task A_token_without_typ_is_refused()
    {
        Assert.Equal("invalid_type", await RefusalAsync(Without(SigningIssuer.Header(), "typ"), SigningIssuer.Claims()));
    }

    [Fact]
    public async Task A_handler_for_other_JWTs_applies_the_structure_rules_but_not_the_access_token_claims()
    {
        var options = SigningIssuer.Options();
        var handler = new StrictJwtHandler(options, TimeProvider.System, accessTokens: false);
        var parameters = Issuer.Parameters(options);
        parameters.ValidTypes = ["logout+jwt"];
        var logout = Issuer.Sign(SigningIssuer.Header("logout+jwt"), Without(Without(SigningIssuer.Claims(), "azp"), "typ"));
        var crit = SigningIssuer.Header("logout+jwt");
        crit["crit"] = new System.Text.Json.Nodes.JsonArray("exp");

        Assert.True((await handler.ValidateTokenAsync(logout, parameters)).IsValid);
        Assert.Equal(TokenRejectionReason.CritUnsupported,
            TokenRejectionReason.From((await handler.ValidateTokenAsync(Issuer.Sign(crit, SigningIssuer.Claims()), parameters)).Exception));
    }
}
