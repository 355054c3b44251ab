using System.Text.Json.Nodes;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.ServiceDefaults.UnitTests;

/// <summary>RFC 7515 §4.1.11: the validator processes no extension, so whatever crit says, it cannot be honoured.</summary>
public sealed class CritHeaderTests : ValidatorTest
{
    [Fact]
    public async Task A_header_without_crit_is_accepted()
    {
        Assert.Null(await RefusalAsync(SigningIssuer.Header(), SigningIssuer.Claims()));
    }

    [Fact]
    public async Task Crit_naming_an_extension_the_validator_does_not_process_is_refused()
    {
        var header = SigningIssuer.Header();
        header["crit"] = new JsonArray("http://example.com/must-understand");
        header["http://example.com/must-understand"] = true;
        Assert.Equal(TokenRejectionReason.CritUnsupported, await RefusalAsync(header, SigningIssuer.Claims()));
    }

    [Fact]
    public async Task An_empty_crit_is_refused()
    {
        var header = SigningIssuer.Header();
        header["crit"] = new JsonArray();
        Assert.Equal(TokenRejectionReason.CritUnsupported, await RefusalAsync(header, SigningIssuer.Claims()));
    }

    [Fact]
    public async Task Crit_naming_a_registered_header_parameter_is_refused()
    {
        var header = SigningIssuer.Header();
        header["crit"] = new JsonArray("alg");
        Assert.Equal(TokenRejectionReason.CritUnsupported, await RefusalAsync(header, SigningIssuer.Claims()));
    }

    [Fact]
    public async Task Crit_b64_of_RFC_7797_is_refused_too()
    {
        var header = SigningIssuer.Header();
        header["crit"] = new JsonArray("b64");
        header["b64"] = false;
        Assert.Equal(TokenRejectionReason.CritUnsupported, await RefusalAsync(header, SigningIssuer.Claims()));
    }
}
