using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.ServiceDefaults.UnitTests;

/// <summary>Reading the embedded_tokens claim: only string entries under an object count.</summary>
public sealed class EmbeddedTokensClaimTests
{
    private static JsonWebToken Carrier(object payload) => new(
        $"{B64("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}")}.{B64(JsonSerializer.Serialize(payload))}.c2ln");

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public void The_token_for_an_audience_is_its_entry_in_the_claim()
    {
        var carrier = Carrier(new { embedded_tokens = new { orders = "a.b.c", inventory = "d.e.f" } });

        Assert.Equal("a.b.c", EmbeddedTokens.For(carrier, "orders"));
        Assert.Equal("d.e.f", EmbeddedTokens.For(carrier, "inventory"));
        Assert.Null(EmbeddedTokens.For(carrier, "shipping"));
    }

    [Fact]
    public void No_claim_a_claim_that_is_not_an_object_and_entries_that_are_not_strings_embed_nothing()
    {
        Assert.Empty(EmbeddedTokens.Read(Carrier(new { sub = "alice" })));
        Assert.Empty(EmbeddedTokens.Read(Carrier(new { embedded_tokens = "a.b.c" })));
        Assert.Empty(EmbeddedTokens.Read(Carrier(new { embedded_tokens = new object[] { "a.b.c" } })));
        Assert.Equal(["orders"], EmbeddedTokens.Read(Carrier(new { embedded_tokens = new { orders = "a.b.c", inventory = 42, shipping = "" } })).Keys);
    }
}
