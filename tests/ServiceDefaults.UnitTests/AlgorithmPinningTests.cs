using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.ServiceDefaults.UnitTests;

/// <summary>RFC 8725 §3.1: a key is used only with the algorithm its JWK declares, else with its key type's allow-listed ones.</summary>
public sealed class AlgorithmPinningTests : ValidatorTest
{
    private Task<string?> SignedWith(string alg, SecurityKey published) =>
        RefusalAsync(Issuer.Sign(SigningIssuer.Header(alg: alg), SigningIssuer.Claims()), null, published);

    [Fact]
    public async Task RS256_on_the_key_whose_JWK_declares_RS256_is_accepted()
    {
        Assert.Null(await SignedWith("RS256", Issuer.Jwk("RS256")));
    }

    [Fact]
    public async Task PS256_on_the_key_whose_JWK_declares_RS256_is_refused()
    {
        Assert.Equal(TokenRejectionReason.AlgorithmNotAllowed, await SignedWith("PS256", Issuer.Jwk("RS256")));
    }

    [Fact]
    public async Task PS256_on_a_key_whose_JWK_declares_PS256_is_accepted()
    {
        Assert.Null(await SignedWith("PS256", Issuer.Jwk("PS256")));
    }

    [Fact]
    public async Task A_key_that_declares_no_alg_is_usable_with_the_allow_listed_algorithms_of_its_type()
    {
        Assert.Null(await SignedWith("PS256", Issuer.Jwk(alg: null)));
        Assert.Null(await SignedWith("RS256", new RsaSecurityKey(Issuer.Rsa.ExportParameters(false)) { KeyId = SigningIssuer.Kid }));
    }

    [Fact]
    public void An_allow_listed_algorithm_of_another_key_type_is_refused_on_a_key_without_alg()
    {
        Assert.False(AlgorithmPinning.Allows("ES256", Issuer.Jwk(alg: null), ["RS256", "ES256"]));
        Assert.True(AlgorithmPinning.Allows("RS256", Issuer.Jwk(alg: null), ["RS256", "ES256"]));
    }

    [Fact]
    public async Task HS256_keyed_with_the_public_key_is_refused()
    {
        Assert.Equal(TokenRejectionReason.AlgorithmNotAllowed, await SignedWith("HS256", Issuer.Jwk("RS256")));
    }

    [Fact]
    public async Task An_algorithm_outside_the_configured_allow_list_is_refused_even_when_the_JWK_declares_it()
    {
        var options = SigningIssuer.Options();
        options.AllowedAlgorithms = ["RS256"];
        var token = Issuer.Sign(SigningIssuer.Header(alg: "PS256"), SigningIssuer.Claims());

        Assert.Equal(TokenRejectionReason.AlgorithmNotAllowed, await RefusalAsync(token, options, Issuer.Jwk("PS256")));
    }

    [Fact]
    public async Task A_token_without_kid_still_meets_the_pinned_algorithm_on_every_key_tried()
    {
        var header = Without(SigningIssuer.Header(alg: "PS256"), "kid");
        var refusal = await RefusalAsync(Issuer.Sign(header, SigningIssuer.Claims()), null, Issuer.Jwk("RS256"));
        Assert.NotNull(refusal);
    }

    [Fact]
    public async Task Keys_read_from_the_providers_JWKS_keep_the_alg_they_declare()
    {
        var jwk = Issuer.Jwk("RS256");
        var json = $$"""{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"{{jwk.Kid}}","n":"{{jwk.N}}","e":"{{jwk.E}}"}]}""";
        var retriever = new StaticDocuments(new()
        {
            ["https://idp.example/.well-known/openid-configuration"] = """{"issuer":"https://idp.example","jwks_uri":"https://idp.example/certs"}""",
            ["https://idp.example/certs"] = json,
        });

        var configuration = await new PinnedKeysConfigurationRetriever()
            .GetConfigurationAsync("https://idp.example/.well-known/openid-configuration", retriever, TestContext.Current.CancellationToken);

        var key = Assert.IsType<JsonWebKey>(Assert.Single(configuration.SigningKeys));
        Assert.Equal("RS256", key.Alg);
        Assert.Equal(TokenRejectionReason.AlgorithmNotAllowed, await SignedWith("PS256", key));
        Assert.Null(await SignedWith("RS256", key));
    }

    private sealed class StaticDocuments(Dictionary<string, string> documents) : IDocumentRetriever
    {
        public Task<string> GetDocumentAsync(string address, CancellationToken cancel) => Task.FromResult(documents[address]);
    }
}
