using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using TokenJourney.Gateway.Tokens;

namespace TokenJourney.Gateway.UnitTests;

public sealed class JwtTokenValidatorTests
{
    private readonly TestIssuer _issuer = new();
    private readonly FakeJwksSource _jwks;
    private readonly ManualTime _time = new();
    private readonly JwtTokenValidator _validator;

    public JwtTokenValidatorTests()
    {
        _jwks = new FakeJwksSource(_issuer);
        _validator = new JwtTokenValidator(new JwksKeyCache(_jwks, _time, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10)), TestIssuer.Options());
    }

    private Task<JwtValidation> Validate(string jwt, string audience = "gateway") => _validator.ValidateAsync(jwt, audience, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_token_the_IdP_signed_for_the_gateway_is_accepted()
    {
        var result = await Validate(_issuer.Issue());
        Assert.True(result.IsValid, result.Reason);
    }

    public static TheoryData<string, string> Forgeries => new()
    {
        { "expired", "expired" },
        { "not_yet_valid", "not_yet_valid" },
        { "wrong_issuer", "invalid_issuer" },
        { "wrong_audience", "invalid_audience" },
        { "bad_signature", "invalid_signature" },
        { "unknown_kid", "unknown_key" },
        { "wrong_type", "invalid_type" },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_or_misdirected_token_is_refused_with_its_reason(string forgery, string reason)
    {
        var jwt = forgery switch
        {
            "expired" => _issuer.Issue(lifetime: TimeSpan.FromSeconds(-60)),
            "not_yet_valid" => _issuer.Issue(notBefore: DateTime.UtcNow.AddMinutes(2), lifetime: TimeSpan.FromMinutes(10)),
            "wrong_issuer" => _issuer.Issue(issuer: "http://localhost:9999/realms/evil"),
            "wrong_audience" => _issuer.Issue(audience: "shipping"),
            "bad_signature" => _issuer.Issue(key: TestIssuer.NewKey(_issuer.Key.KeyId)),
            "unknown_kid" => _issuer.Issue(key: TestIssuer.NewKey("attacker-kid")),
            "wrong_type" => _issuer.Issue(type: "logout+jwt"),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };
        var result = await Validate(jwt);
        Assert.False(result.IsValid);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public async Task Expiry_within_the_configured_skew_is_tolerated()
    {
        var result = await Validate(_issuer.Issue(lifetime: TimeSpan.FromSeconds(-2)));
        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public async Task Alg_none_is_refused_before_any_key_lookup()
    {
        var valid = _issuer.Issue().Split('.');
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var result = await Validate($"{header}.{valid[1]}.");
        Assert.False(result.IsValid);
        Assert.Contains(result.Reason, new[] { "algorithm_not_allowed", "malformed" });
        Assert.Equal(0, _jwks.Fetches);
    }

    [Fact]
    public async Task HS256_signed_with_the_IdPs_public_key_is_refused()
    {
        var publicKey = _issuer.Key.Rsa.ExportSubjectPublicKeyInfo();
        var hmac = new SymmetricSecurityKey(publicKey) { KeyId = _issuer.Key.KeyId };
        var result = await Validate(_issuer.Issue(key: hmac, algorithm: SecurityAlgorithms.HmacSha256));
        Assert.False(result.IsValid);
        Assert.Equal("algorithm_not_allowed", result.Reason);
    }

    [Fact]
    public async Task PS256_with_the_IdPs_RS256_key_is_refused_at_the_edge()
    {
        var declared = new JsonWebKey
        {
            Kty = "RSA", Kid = _issuer.Key.KeyId, Alg = "RS256",
            N = Base64UrlEncoder.Encode(_issuer.Key.Rsa.ExportParameters(false).Modulus),
            E = Base64UrlEncoder.Encode(_issuer.Key.Rsa.ExportParameters(false).Exponent),
        };
        _issuer.Published.Clear();
        _issuer.Published.Add(declared);

        Assert.True((await Validate(_issuer.Issue())).IsValid);
        var result = await Validate(_issuer.Issue(algorithm: SecurityAlgorithms.RsaSsaPssSha256));
        Assert.Equal("algorithm_not_allowed", result.Reason);
    }

    [Fact]
    public async Task A_token_the_IdP_signed_without_jti_is_refused_at_the_edge()
    {
        var result = await Validate(_issuer.Issue(jti: ""));
        Assert.Equal("no_jti", result.Reason);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln")]
    [InlineData("a.b.c")]
    public async Task Malformed_tokens_are_refused(string jwt)
    {
        var result = await Validate(jwt);
        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task A_rotated_key_is_picked_up_by_one_refresh_and_the_previous_key_keeps_working()
    {
        Assert.True((await Validate(_issuer.Issue())).IsValid);
        var before = _issuer.Issue();
        _issuer.Rotate("key-2");
        _time.Now += TimeSpan.FromSeconds(11);
        var after = _issuer.Issue();

        Assert.True((await Validate(after)).IsValid);
        Assert.True((await Validate(before)).IsValid);
        Assert.Equal(2, _jwks.Fetches);
    }

    [Fact]
    public async Task Two_rotations_in_quick_succession_are_each_picked_up_by_the_first_token_that_needs_them()
    {
        Assert.True((await Validate(_issuer.Issue())).IsValid);
        _issuer.Rotate("key-2");
        Assert.True((await Validate(_issuer.Issue())).IsValid);
        _issuer.Rotate("key-3");
        Assert.True((await Validate(_issuer.Issue())).IsValid);
        Assert.Equal(3, _jwks.Fetches);
    }

    [Fact]
    public async Task A_flood_of_unknown_kids_refreshes_the_JWKS_at_most_a_burst_of_three_per_window()
    {
        await Validate(_issuer.Issue());
        _time.Now += TimeSpan.FromSeconds(11);
        for (var i = 0; i < 50; i++)
        {
            Assert.False((await Validate(_issuer.Issue(key: KeyCacheExtensions.NewKeyCachedImpl($"forged-{i}")))).IsValid);
        }
        // The first fetch and two more: the burst, however many forged kids came.
        Assert.Equal(3, _jwks.Fetches);

        _time.Now += TimeSpan.FromSeconds(11);
        await Validate(_issuer.Issue(key: KeyCacheExtensions.NewKeyCachedImpl("forged-later")));
        Assert.Equal(3, _jwks.Fetches);

        // Once the window has moved past the first fetch, one more is allowed.
        _time.Now += TimeSpan.FromSeconds(20);
        await Validate(_issuer.Issue(key: KeyCacheExtensions.NewKeyCachedImpl("forged-much-later")));
        Assert.Equal(4, _jwks.Fetches);
    }
}

internal static class KeyCacheExtensions
{
    private static readonly RSA Shared = RSA.Create(2048);

    /// <summary>Generating 50 RSA keys is slow; forged kids only need to differ in name.</summary>
    public static RsaSecurityKey NewKeyCachedImpl(string kid) => new(Shared) { KeyId = kid };
}
