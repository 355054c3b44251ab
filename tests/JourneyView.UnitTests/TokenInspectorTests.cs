using System.Security.Cryptography;
using TokenJourney.JourneyView.Inspector;

namespace TokenJourney.JourneyView.UnitTests;

public sealed class TokenInspectorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private readonly TestTokens _tokens = new();

    private static long At(double secondsFromNow) => Now.AddSeconds(secondsFromNow).ToUnixTimeSeconds();

    [Fact]
    public void A_keycloak_shaped_access_token_is_decoded_with_its_times_in_human_form()
    {
        var token = _tokens.Sign(
            new { alg = "RS256", typ = "JWT", kid = "k1" },
            new { iss = "http://localhost:8080/realms/tokenjourney", aud = new[] { "gateway", "orders" }, sub = "alice-id", iat = At(-27), exp = At(-12), scope = "orders:write" });

        var inspection = TokenInspector.Inspect(token, Now);

        Assert.True(inspection.IsValid);
        Assert.Equal("RS256", inspection.Algorithm);
        Assert.Equal("k1", inspection.KeyId);
        Assert.Contains("\"scope\": \"orders:write\"", inspection.PayloadJson);
        Assert.Equal("expired 12 s ago", inspection.Times.Single(t => t.Claim == "exp").Relative);
        Assert.Equal("issued 27 s ago", inspection.Times.Single(t => t.Claim == "iat").Relative);
        var warning = Assert.Single(inspection.Warnings);
        Assert.StartsWith("Expired 12 s ago", warning.Message);
    }

    [Fact]
    public void A_token_still_valid_says_when_it_expires()
    {
        var token = _tokens.Sign(new { alg = "RS256" }, new { sub = "bob", iat = At(-10), exp = At(290) });

        var inspection = TokenInspector.Inspect(token, Now);

        Assert.Equal("expires in 4 min 50 s", inspection.Times.Single(t => t.Claim == "exp").Relative);
        Assert.Empty(inspection.Warnings);
    }

    [Fact]
    public void Alg_none_no_exp_long_lifetime_and_personal_data_are_warned_about()
    {
        var unsigned = TestTokens.Segment(new { alg = "none" }) + "." + TestTokens.Segment(new { sub = "x" }) + ".";
        var noneWarnings = TokenInspector.Inspect(unsigned, Now).Warnings.Select(w => w.Message).ToList();
        Assert.Contains(noneWarnings, m => m.Contains("alg is \"none\""));
        Assert.Contains(noneWarnings, m => m.Contains("No exp claim"));

        var longLived = _tokens.Sign(new { alg = "RS256" }, new { sub = "x", iat = At(0), exp = At(30 * 24 * 3600), email = "alice@example.com", phone_number = "+33 6 12 34 56 78", note = "bob@example.org" });
        var inspection = TokenInspector.Inspect(longLived, Now);
        Assert.Contains(inspection.Warnings, w => w.Message.StartsWith("Long lifetime: 30 d", StringComparison.Ordinal));
        var personal = Assert.Single(inspection.Warnings, w => w.Message.Contains("personal data"));
        Assert.Contains("email, phone_number, note", personal.Message);
    }

    [Theory]
    [InlineData("not-a-token", "three dot-separated parts")]
    [InlineData("a.b.c.d.e", "encrypted token")]
    [InlineData("", "Paste a token")]
    [InlineData("%%%.e30.x", "not valid base64url")]
    public void Things_that_are_not_a_signed_jwt_are_explained(string input, string expected)
    {
        var inspection = TokenInspector.Inspect(input, Now);

        Assert.False(inspection.IsValid);
        Assert.Contains(expected, inspection.Error);
    }

    [Fact]
    public void The_signature_verifies_against_the_jwks_key_with_the_tokens_kid()
    {
        var token = _tokens.Sign(new { alg = "RS256", kid = "current" }, new { sub = "alice", exp = At(60) });
        using var other = new TestTokens();
        var jwks = TestTokens.Jwks(other.RsaJwk("previous"), _tokens.RsaJwk("current"));

        var check = SignatureVerifier.Verify(token, jwks, "the JWKS");

        Assert.Equal(SignatureOutcome.Verified, check.Outcome);
    }

    [Fact]
    public void A_tampered_payload_does_not_verify()
    {
        var token = _tokens.Sign(new { alg = "RS256", kid = "k" }, new { sub = "alice", scope = "orders:read" });
        var parts = token.Split('.');
        var forged = parts[0] + "." + TestTokens.Segment(new { sub = "alice", scope = "orders:write" }) + "." + parts[2];

        Assert.Equal(SignatureOutcome.Invalid, SignatureVerifier.Verify(forged, TestTokens.Jwks(_tokens.RsaJwk("k")), "the JWKS").Outcome);
    }

    [Fact]
    public void A_kid_the_provider_does_not_publish_is_reported_as_no_matching_key()
    {
        var token = _tokens.Sign(new { alg = "RS256", kid = "rotated-away" }, new { sub = "alice" });

        var check = SignatureVerifier.Verify(token, TestTokens.Jwks(_tokens.RsaJwk("new")), "the JWKS");

        Assert.Equal(SignatureOutcome.NoMatchingKey, check.Outcome);
        Assert.Contains("rotated-away", check.Message);
    }

    [Fact]
    public void Es256_ps256_pem_and_alg_none_are_handled()
    {
        var es = _tokens.Sign(new { alg = "ES256", kid = "ec" }, new { sub = "a" });
        Assert.Equal(SignatureOutcome.Verified, SignatureVerifier.Verify(es, _tokens.EcJwk("ec"), "the pasted key").Outcome);

        var ps = _tokens.Sign(new { alg = "PS256" }, new { sub = "a" });
        Assert.Equal(SignatureOutcome.Verified, SignatureVerifier.Verify(ps, _tokens.Rsa.ExportSubjectPublicKeyInfoPem(), "the pasted key").Outcome);

        using var stranger = RSA.Create(2048);
        Assert.Equal(SignatureOutcome.Invalid, SignatureVerifier.Verify(ps, stranger.ExportSubjectPublicKeyInfoPem(), "the pasted key").Outcome);

        var none = TestTokens.Segment(new { alg = "none" }) + "." + TestTokens.Segment(new { sub = "a" }) + ".";
        Assert.Equal(SignatureOutcome.Invalid, SignatureVerifier.Verify(none, TestTokens.Jwks(_tokens.RsaJwk("k")), "the JWKS").Outcome);
    }

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(59.9, "59 s")]
    [InlineData(61, "1 min 1 s")]
    [InlineData(3600, "1 h")]
    [InlineData(90061, "1 d 1 h")]
    public void Durations_read_like_a_person_would_say_them(double seconds, string expected) =>
        Assert.Equal(expected, HumanTime.Span(TimeSpan.FromSeconds(seconds)));

    public void Dispose() => _tokens.Dispose();
}
