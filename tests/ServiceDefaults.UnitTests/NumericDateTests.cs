using System.Text.Json.Nodes;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.ServiceDefaults.UnitTests;

/// <summary>RFC 7519 §2: exp, nbf and iat are JSON numbers; anything else is refused, never ignored or converted.</summary>
public sealed class NumericDateTests : ValidatorTest
{
    [Fact]
    public async Task Integer_seconds_are_accepted()
    {
        Assert.Null(await RefusalAsync(SigningIssuer.Header(), SigningIssuer.Claims()));
    }

    [Fact]
    public async Task Fractional_seconds_are_accepted()
    {
        var claims = SigningIssuer.Claims();
        claims["exp"] = claims["exp"]!.GetValue<long>() + 0.5;
        claims["iat"] = claims["iat"]!.GetValue<long>() + 0.25;
        Assert.Null(await RefusalAsync(SigningIssuer.Header(), claims));
    }

    public static TheoryData<string, string> NotNumbers()
    {
        var data = new TheoryData<string, string>();
        foreach (var claim in new[] { "exp", "nbf", "iat" })
        {
            foreach (var value in new[] { "string", "numeric string", "true", "null", "object", "negative", "beyond year 9999" })
            {
                data.Add(claim, value);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(NotNumbers))]
    public async Task A_time_claim_that_is_not_a_plausible_JSON_number_is_refused(string claim, string value)
    {
        var claims = SigningIssuer.Claims();
        var seconds = claims[claim]!.GetValue<long>();
        claims[claim] = value switch
        {
            "string" => JsonValue.Create("tomorrow"),
            "numeric string" => JsonValue.Create(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            "true" => JsonValue.Create(true),
            "null" => null,
            "object" => new JsonObject { ["seconds"] = seconds },
            "negative" => JsonValue.Create(-1),
            _ => JsonValue.Create(1e15),
        };
        Assert.Equal(TokenRejectionReason.NumericDateInvalid, await RefusalAsync(SigningIssuer.Header(), claims));
    }
}
