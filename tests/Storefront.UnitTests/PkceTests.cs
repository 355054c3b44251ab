using TokenJourney.Storefront.SignIn;

namespace TokenJourney.Storefront.UnitTests;

public sealed class PkceTests
{
    [Fact]
    public void The_challenge_is_the_S256_of_the_verifier_as_in_RFC_7636_appendix_B() =>
        Assert.Equal("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.Challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));

    [Fact]
    public void Every_verifier_is_new_and_long_enough()
    {
        var a = Pkce.NewVerifier();
        var b = Pkce.NewVerifier();
        Assert.NotEqual(a, b);
        Assert.InRange(a.Length, 43, 128);
    }
}
