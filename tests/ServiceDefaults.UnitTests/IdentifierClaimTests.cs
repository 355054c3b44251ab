using System.Text.Json.Nodes;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.ServiceDefaults.UnitTests;

/// <summary>sub and jti (the deny-list keys on jti) and the client (azp, or RFC 9068's client_id) are required and bounded.</summary>
public sealed class IdentifierClaimTests : ValidatorTest
{
    [Theory]
    [InlineData("sub", TokenRejectionReason.NoSubject)]
    [InlineData("jti", TokenRejectionReason.NoTokenId)]
    public async Task A_token_missing_the_claim_is_refused(string claim, string reason)
    {
        Assert.Equal(reason, await RefusalAsync(SigningIssuer.Header(), Without(SigningIssuer.Claims(), claim)));
    }

    public static TheoryData<string, string, string> Unusable => new()
    {
        { "sub", "empty", TokenRejectionReason.NoSubject },
        { "sub", "blank", TokenRejectionReason.NoSubject },
        { "sub", "number", TokenRejectionReason.Malformed },
        { "jti", "empty", TokenRejectionReason.NoTokenId },
        { "jti", "number", TokenRejectionReason.Malformed },
        { "azp", "number", TokenRejectionReason.Malformed },
        { "sub", "too long", TokenRejectionReason.ClaimTooLong },
        { "jti", "16 KB", TokenRejectionReason.Oversized },
        { "jti", "too long", TokenRejectionReason.ClaimTooLong },
        { "azp", "too long", TokenRejectionReason.ClaimTooLong },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public async Task An_empty_blank_non_string_or_overlong_identifier_is_refused_with_its_reason(string claim, string value, string reason)
    {
        JsonNode node = value switch
        {
            "empty" => "",
            "blank" => "   ",
            "number" => 42,
            "16 KB" => new string('j', 16 * 1024),
            _ => new string('x', 256),
        };
        Assert.Equal(reason, await RefusalAsync(SigningIssuer.Header(), With(SigningIssuer.Claims(), claim, node)));
    }

    [Theory]
    [InlineData("sub")]
    [InlineData("jti")]
    [InlineData("azp")]
    public async Task An_identifier_of_the_maximum_length_is_accepted(string claim)
    {
        Assert.Null(await RefusalAsync(SigningIssuer.Header(), With(SigningIssuer.Claims(), claim, new string('x', 255))));
    }

    [Fact]
    public async Task A_token_naming_no_client_is_refused()
    {
        Assert.Equal(TokenRejectionReason.NoClient, await RefusalAsync(SigningIssuer.Header(), Without(SigningIssuer.Claims(), "azp")));
    }

    [Fact]
    public async Task A_token_naming_its_client_in_client_id_is_accepted()
    {
        var claims = Without(SigningIssuer.Claims(), "azp");
        claims["client_id"] = "journey-tests";
        Assert.Null(await RefusalAsync(SigningIssuer.Header(), claims));
    }
}
