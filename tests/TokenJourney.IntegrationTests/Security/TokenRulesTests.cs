using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Security;

/// <summary>
/// Tokens signed with the provider's real key, each breaking one rule of the JWT standards, sent to the gateway and to
/// Orders directly: the genuine one is accepted by both, every other one refused by both with RFC 6750
/// <c>invalid_token</c> and the fixed description of its reason.
/// </summary>
public sealed class TokenRulesTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private static readonly string[] Targets = ["gateway", "orders"];

    private static string PathOf(string resource) => resource == "gateway" ? "/api/orders" : "/orders";

    private async Task<HttpResponseMessage> GetOrdersAsync(string resource, string authorization)
    {
        using var http = App.CreateHttpClient(resource);
        using var request = new HttpRequestMessage(HttpMethod.Get, PathOf(resource));
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await http.SendAsync(request, Cancellation);
    }

    [Fact]
    public async Task A_token_minted_with_the_providers_key_that_keeps_every_rule_is_accepted_by_the_gateway_and_Orders()
    {
        var key = new ProviderSigningKey(App);
        foreach (var resource in Targets)
        {
            using var response = await GetOrdersAsync(resource, "Bearer " + key.Sign(key.Header(), key.Claims()));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{resource}: {(int)response.StatusCode} {response.Headers.WwwAuthenticate}");
        }
    }

    public static TheoryData<string, string> BrokenRules => new()
    {
        { "crit naming an unknown extension", "critical header parameters" },
        { "exp as a string", "time claim that is not a number" },
        { "no iat", "no issue time" },
        { "iat in the future", "issued in the future" },
        { "no sub", "no subject" },
        { "no jti", "no identifier" },
        { "no azp nor client_id", "names no client" },
        { "a ten-year lifetime", "lives longer than allowed" },
        { "PS256 with the RS256 key", "algorithm that is not allowed" },
        { "padding on the signature", "malformed" },
        { "a 16 KB jti", "too large" },
        { "a JWE", "Encrypted tokens" },
        { "an ID token typed JWT", "not an access token" },
        { "a refresh token typed JWT", "not an access token" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public async Task A_token_signed_with_the_providers_key_that_breaks_a_rule_is_refused_by_the_gateway_and_Orders(string broken, string description)
    {
        var key = new ProviderSigningKey(App);
        var (header, claims) = (key.Header(), key.Claims());
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        switch (broken)
        {
            case "crit naming an unknown extension": header["crit"] = new JsonArray("urn:example:must-understand"); header["urn:example:must-understand"] = 1; break;
            case "exp as a string": claims["exp"] = (now + 300).ToString(System.Globalization.CultureInfo.InvariantCulture); break;
            case "no iat": claims.Remove("iat"); break;
            case "iat in the future": claims["iat"] = now + 120; break;
            case "no sub": claims.Remove("sub"); break;
            case "no jti": claims.Remove("jti"); break;
            case "no azp nor client_id": claims.Remove("azp"); break;
            case "a ten-year lifetime": claims["exp"] = now + 10L * 365 * 24 * 3600; break;
            case "PS256 with the RS256 key": header["alg"] = "PS256"; break;
            case "a 16 KB jti": claims["jti"] = new string('j', 16 * 1024); break;
            case "an ID token typed JWT": header["typ"] = "JWT"; claims.Remove("typ"); break;
            case "a refresh token typed JWT": header["typ"] = "JWT"; claims["typ"] = "Refresh"; break;
        }
        var token = broken switch
        {
            "padding on the signature" => key.Sign(header, claims) + "=",
            "a JWE" => ProviderSigningKey.Encode("""{"alg":"RSA-OAEP","enc":"A256GCM"}""") + ".AAAA.AAAA.AAAA.AAAA",
            _ => key.Sign(header, claims),
        };

        foreach (var resource in Targets)
        {
            using var response = await GetOrdersAsync(resource, "Bearer " + token);
            var challenge = response.Headers.WwwAuthenticate.ToString();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{resource}: {(int)response.StatusCode} for {broken}");
            Assert.Contains("error=\"invalid_token\"", challenge);
            Assert.Contains(description, challenge);
            Assert.DoesNotContain(token[..20], challenge + await response.Content.ReadAsStringAsync(Cancellation));
        }
    }

    public static TheoryData<string> Garbage => new()
    {
        "Bearer a.b.c",
        "Bearer ....",
        "Bearer eyJ.eyJ.",
        "Bearer " + new string('A', 20_000),
        "Bearer " + new string('.', 5000),
        "Bearer eyJhbGciOiJSUzI1NiJ9." + new string('x', 7000) + ".sig",
        "Bearer e30.e30.e30",
        "Bearer bnVsbA.bnVsbA.bnVsbA",
        "Bearer W10.W10.W10",
        "Bearer " + ProviderSigningKey.Encode("""{"alg":"RS256","kid":{"x":1}}""") + ".e30.AAAA",
        "Bearer " + ProviderSigningKey.Encode(new string('[', 5000)) + ".e30.AAAA",
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Malformed_input_never_gets_a_5xx(string authorization)
    {
        foreach (var resource in Targets)
        {
            using var response = await GetOrdersAsync(resource, authorization);
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{resource}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_header_larger_than_the_server_reads_is_refused_with_431_not_5xx()
    {
        foreach (var resource in Targets)
        {
            using var response = await GetOrdersAsync(resource, "Bearer " + new string('A', 64 * 1024));
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        }
    }
}
