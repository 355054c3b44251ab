using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.ServiceDefaults.UnitTests;

/// <summary>
/// Every service allows 5 s of clock skew by default and at most 30 s: a larger value stops the service at start, and
/// the value configured is the one token validation applies.
/// </summary>
public sealed class ClockSkewCeilingTests
{
    private const string Authority = "http://localhost:8080/realms/tokenjourney";

    [Theory]
    [InlineData("00:00:00", true)]
    [InlineData("00:00:30", true)]
    [InlineData("00:00:31", false)]
    [InlineData("00:01:00", false)]
    [InlineData("-00:00:01", false)]
    public void A_clock_skew_above_30_s_or_below_zero_stops_the_service_at_start_naming_the_setting(string skew, bool starts)
    {
        using var host = Service(("Identity:ClockSkew", skew));

        if (starts)
        {
            Assert.Equal(TimeSpan.Parse(skew, System.Globalization.CultureInfo.InvariantCulture), host.Services.GetRequiredService<IOptions<TokenValidationOptions>>().Value.ClockSkew);
        }
        else
        {
            var refused = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<TokenValidationOptions>>().Value);
            Assert.Contains("Identity:ClockSkew must be between 00:00:00 and 00:00:30.", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_default_clock_skew_is_5_s()
    {
        using var host = Service();

        Assert.Equal(TimeSpan.FromSeconds(5), host.Services.GetRequiredService<IOptions<TokenValidationOptions>>().Value.ClockSkew);
    }

    [Fact]
    public async Task A_token_that_expired_20_s_ago_passes_with_the_30_s_ceiling_and_fails_with_the_default()
    {
        using var key = RSA.Create(2048);
        var signingKey = new RsaSecurityKey(key) { KeyId = "test" };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = "orders",
            TokenType = "at+jwt",
            IssuedAt = DateTime.UtcNow.AddMinutes(-2),
            NotBefore = DateTime.UtcNow.AddMinutes(-2),
            Expires = DateTime.UtcNow.AddSeconds(-20),
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        });

        Assert.True((await ValidateAsync(token, signingKey, TimeSpan.FromSeconds(30))).IsValid);
        var withDefault = await ValidateAsync(token, signingKey, new TokenValidationOptions().ClockSkew);
        Assert.False(withDefault.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(withDefault.Exception);
    }

    private static Task<TokenValidationResult> ValidateAsync(string token, SecurityKey key, TimeSpan skew)
    {
        var parameters = TokenValidationExtensions.CreateParameters(new TokenValidationOptions { Authority = Authority, Audience = "orders", ClockSkew = skew });
        parameters.IssuerSigningKey = key;
        return new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
    }

    /// <summary>A service's host with token validation configured as a service's is, plus <paramref name="settings"/>.</summary>
    private static IHost Service(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { ["Identity:Authority"] = Authority, ["Identity:Audience"] = "orders" }
                .Concat(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))));
        builder.AddTokenValidation();
        return builder.Build();
    }
}
