using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.ServiceDefaults.UnitTests;

public sealed class CompactSerializationTests : ValidatorTest
{
    [Fact]
    public async Task Three_unpadded_base64url_segments_signed_by_the_issuer_are_accepted()
    {
        Assert.Null(await RefusalAsync(SigningIssuer.Header(), SigningIssuer.Claims()));
    }

    public static TheoryData<string, string> Mangled => new()
    {
        { "padding on the signature", "=" },
        { "padding on every segment", "==" },
        { "a standard base64 character", "+" },
        { "a space", " " },
        { "a fourth segment", ".AAAA" },
        { "a trailing dot", "." },
    };

    [Theory]
    [MemberData(nameof(Mangled))]
    public async Task A_token_with_foreign_characters_padding_or_extra_segments_is_malformed(string what, string suffix)
    {
        var token = Issuer.Sign(SigningIssuer.Header(), SigningIssuer.Claims());
        var mangled = what == "padding on every segment" ? string.Join('.', token.Split('.').Select(s => s + suffix)) : token + suffix;

        Assert.Equal(TokenRejectionReason.Malformed, await RefusalAsync(mangled));
    }

    [Fact]
    public async Task A_token_with_two_segments_is_malformed()
    {
        var token = Issuer.Sign(SigningIssuer.Header(), SigningIssuer.Claims());
        Assert.Equal(TokenRejectionReason.Malformed, await RefusalAsync(token[..token.LastIndexOf('.')]));
    }

    [Fact]
    public async Task A_JWE_of_five_segments_is_refused_as_encrypted()
    {
        var header = SigningIssuer.Encode("""{"alg":"RSA-OAEP","enc":"A256GCM","kid":"test-key"}""");
        Assert.Equal(TokenRejectionReason.Encrypted, await RefusalAsync($"{header}.AAAA.AAAA.AAAA.AAAA"));
    }

    [Fact]
    public async Task A_signed_header_naming_an_encryption_is_refused_as_encrypted()
    {
        var header = SigningIssuer.Header();
        header["enc"] = "A256GCM";
        Assert.Equal(TokenRejectionReason.Encrypted, await RefusalAsync(header, SigningIssuer.Claims()));
    }

    [Theory]
    [InlineData("JWT")]
    [InlineData("jwt")]
    [InlineData("application/jwt")]
    public async Task A_nested_JWT_is_refused(string contentType)
    {
        var header = SigningIssuer.Header();
        header["cty"] = contentType;
        Assert.Equal(TokenRejectionReason.Nested, await RefusalAsync(header, SigningIssuer.Claims()));
    }

    [Fact]
    public async Task A_token_over_the_configured_length_is_refused_before_it_is_parsed()
    {
        var claims = SigningIssuer.Claims();
        claims["padding"] = new string('x', 9000);
        Assert.Equal(TokenRejectionReason.Oversized, await RefusalAsync(SigningIssuer.Header(), claims));
    }

    [Fact]
    public async Task A_token_within_a_raised_length_limit_is_accepted()
    {
        var claims = SigningIssuer.Claims();
        claims["padding"] = new string('x', 9000);
        var options = SigningIssuer.Options();
        options.MaxTokenLength = 16 * 1024;

        Assert.Null(await RefusalAsync(Issuer.Sign(SigningIssuer.Header(), claims), options));
    }

    [Theory]
    [InlineData("""{"alg":"RS256","alg":"none","kid":"test-key","typ":"at+jwt"}""", null)]
    [InlineData(null, """{"sub":"alice-id","sub":"admin"}""")]
    [InlineData("""["RS256"]""", null)]
    [InlineData(null, "[1,2]")]
    [InlineData(null, "not json")]
    public async Task Duplicate_members_or_a_header_or_payload_that_is_no_JSON_object_are_malformed(string? header, string? payload)
    {
        var token = Issuer.SignRaw(header ?? SigningIssuer.Header().ToJsonString(), payload ?? SigningIssuer.Claims().ToJsonString());
        Assert.Equal(TokenRejectionReason.Malformed, await RefusalAsync(token));
    }

    [Fact]
    public async Task Alg_none_with_an_empty_signature_is_malformed()
    {
        var token = Issuer.Sign(SigningIssuer.Header(), SigningIssuer.Claims());
        var unsigned = SigningIssuer.Encode("""{"alg":"none","typ":"at+jwt"}""") + token[token.IndexOf('.')..token.LastIndexOf('.')] + ".";
        Assert.Equal(TokenRejectionReason.Malformed, await RefusalAsync(unsigned));
    }
}
