using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.ServiceDefaults.UnitTests;

public sealed class TimeClaimTests : ValidatorTest
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Fact]
    public async Task A_token_without_iat_is_refused()
    {
        Assert.Equal(TokenRejectionReason.NoIssuedAt, await RefusalAsync(SigningIssuer.Header(), Without(SigningIssuer.Claims(), "iat")));
    }

    [Fact]
    public async Task An_iat_within_the_clock_skew_is_accepted()
    {
        Assert.Null(await RefusalAsync(SigningIssuer.Header(), With(SigningIssuer.Claims(), "iat", Now + 3)));
    }

    [Fact]
    public async Task An_iat_later_than_now_plus_the_skew_is_refused()
    {
        Assert.Equal(TokenRejectionReason.IssuedInFuture, await RefusalAsync(SigningIssuer.Header(), With(SigningIssuer.Claims(), "iat", Now + 60)));
    }

    [Fact]
    public async Task A_token_whose_nbf_has_passed_is_accepted()
    {
        Assert.Null(await RefusalAsync(SigningIssuer.Header(), With(SigningIssuer.Claims(), "nbf", Now - 30)));
    }

    [Fact]
    public async Task A_token_before_its_nbf_is_refused()
    {
        Assert.Equal("not_yet_valid", await RefusalAsync(SigningIssuer.Header(), With(SigningIssuer.Claims(), "nbf", Now + 60)));
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var claims = SigningIssuer.Claims();
        claims["iat"] = Now - 120;
        claims["nbf"] = Now - 120;
        claims["exp"] = Now - 60;
        Assert.Equal("expired", await RefusalAsync(SigningIssuer.Header(), claims));
    }

    [Fact]
    public async Task A_token_without_exp_is_refused()
    {
        Assert.Equal("no_expiration", await RefusalAsync(SigningIssuer.Header(), Without(SigningIssuer.Claims(), "exp")));
    }

    [Fact]
    public async Task A_lifetime_of_exactly_the_configured_maximum_is_accepted()
    {
        var claims = SigningIssuer.Claims();
        claims["exp"] = claims["iat"]!.GetValue<long>() + (long)SigningIssuer.Options().MaxLifetime.TotalSeconds;
        Assert.Null(await RefusalAsync(SigningIssuer.Header(), claims));
    }

    [Fact]
    public async Task A_lifetime_one_second_over_the_configured_maximum_is_refused()
    {
        var claims = SigningIssuer.Claims();
        claims["exp"] = claims["iat"]!.GetValue<long>() + (long)SigningIssuer.Options().MaxLifetime.TotalSeconds + 1;
        Assert.Equal(TokenRejectionReason.LifetimeTooLong, await RefusalAsync(SigningIssuer.Header(), claims));
    }

    [Fact]
    public async Task A_ten_year_token_is_refused()
    {
        var claims = SigningIssuer.Claims();
        claims["exp"] = Now + 10L * 365 * 24 * 3600;
        Assert.Equal(TokenRejectionReason.LifetimeTooLong, await RefusalAsync(SigningIssuer.Header(), claims));
    }

    [Fact]
    public async Task The_maximum_lifetime_comes_from_configuration()
    {
        var options = SigningIssuer.Options();
        options.MaxLifetime = TimeSpan.FromMinutes(2);
        var token = Issuer.Sign(SigningIssuer.Header(), SigningIssuer.Claims());

        Assert.Equal(TokenRejectionReason.LifetimeTooLong, await RefusalAsync(token, options));
    }
}
