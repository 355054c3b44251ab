using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;
using TokenJourney.IntegrationTests.Ordering;
using TokenJourney.IntegrationTests.Services;

namespace TokenJourney.IntegrationTests.Strategies;

/// <summary>
/// The three ways to share a token, side by side on the one composed system: the gateway's routes /api/orders
/// (forward), /exchanged/api/orders (exchange) and /embedded/api/orders (embed) reach the same Orders, configured in
/// the gateway's ReverseProxy metadata. Orders exchanges for Inventory here (its default); EmbeddedAllTheWayTests runs
/// a system whose Orders embeds too.
/// </summary>
public sealed class TokenStrategyTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private readonly ServiceTokens _tokens = new(app);

    [Theory]
    [InlineData("/api/orders", "forwarded")]
    [InlineData("/exchanged/api/orders", "exchanged")]
    [InlineData("/embedded/api/orders", "embedded")]
    public async Task An_order_placed_through_each_gateway_strategy_is_reserved_and_shipped_and_the_journey_names_the_strategy(
        string route, string strategy)
    {
        var alice = new Customer(App, "alice", route);
        var traceId = ActivityTraceId.CreateRandom();

        var orderId = await alice.PlaceOkAsync("tea-sencha", 1, null, Cancellation, traceId);
        await alice.WaitForStatusAsync(orderId, Cancellation, "Shipped");

        // The journey view shows the gateway's hop with the strategy of the token it sent on.
        await OrderingTests.Eventually(async () =>
        {
            using var journey = App.CreateHttpClient("journey");
            var spans = await journey.GetFromJsonAsync<List<JsonElement>>($"/api/traces/{traceId.ToHexString()}", Cancellation) ?? [];
            return spans.FirstOrDefault(s => s.GetProperty("service").GetString() == "gateway" &&
                s.TryGetProperty("tokenFacts", out var facts) && facts.ValueKind == JsonValueKind.Object &&
                facts.TryGetProperty("token.strategy", out var value) && value.GetString() == strategy &&
                facts.TryGetProperty("token.outcome", out var outcome) && outcome.GetString() == "accepted") is { ValueKind: JsonValueKind.Object } hop
                ? (object)hop
                : null;
        });
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("inventory")]
    public async Task An_embedded_token_is_accepted_by_its_audience_and_refused_by_every_other_service_for_its_audience(string audience)
    {
        var embedded = Embedded(await _tokens.CustomerAsync("alice"), audience);

        foreach (var (service, path, accepted) in Services)
        {
            using var response = service == "gateway"
                ? await _tokens.SendAsync("gateway", HttpMethod.Get, "/embedded/api/orders", embedded)
                : await _tokens.SendAsync(service, HttpMethod.Get, path, embedded);
            if (service == audience)
            {
                Assert.Equal(accepted, response.StatusCode);
                continue;
            }
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("error_description=\"The access token is not meant for this audience\"", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task The_outer_token_is_refused_by_Inventory_which_only_ever_receives_an_embedded_or_exchanged_token()
    {
        var outer = await _tokens.CustomerAsync("alice");

        using var response = await _tokens.SendAsync("inventory", HttpMethod.Get, "/stock", outer);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error_description=\"The access token is not meant for this audience\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task An_outer_token_that_embeds_nothing_for_orders_is_refused_on_the_embed_route_with_403_saying_so()
    {
        // Without an orders scope the provider embeds no orders token (the outer token's scopes bound the embedded ones).
        var outer = await _tokens.CustomerAsync("alice", scope: "profile");
        Assert.False(Customer.Payload(outer).TryGetProperty("embedded_tokens", out _));

        using var response = await _tokens.SendAsync("gateway", HttpMethod.Get, "/embedded/api/orders", outer);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("error_description=\"The access token carries no embedded token for the audience 'orders'\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Embedded_tokens_are_RFC_9068_access_tokens_for_one_audience_with_narrow_scopes_that_never_outlive_the_outer_token()
    {
        var outer = await _tokens.CustomerAsync("alice", scope: "orders:read");
        var outerClaims = Customer.Payload(outer);
        var orders = Embedded(outer, "orders");
        var inventory = Embedded(outer, "inventory");

        foreach (var (jwt, audience, scope) in new[] { (orders, "orders", "orders:read"), (inventory, "inventory", "inventory:reserve") })
        {
            var header = JsonDocument.Parse(Gateway.IdentityProviderClient.Base64UrlDecode(jwt.Split('.')[0])).RootElement;
            var claims = Customer.Payload(jwt);
            Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
            Assert.Equal(audience, claims.GetProperty("aud").GetString());
            Assert.Equal(scope, claims.GetProperty("scope").GetString());
            Assert.Equal("journey-tests", claims.GetProperty("client_id").GetString());
            foreach (var same in new[] { "iss", "sub", "sid" })
            {
                Assert.Equal(outerClaims.GetProperty(same).GetString(), claims.GetProperty(same).GetString());
            }
            Assert.NotEqual(outerClaims.GetProperty("jti").GetString(), claims.GetProperty("jti").GetString());
            Assert.True(claims.GetProperty("exp").GetInt64() <= outerClaims.GetProperty("exp").GetInt64());
            Assert.True(claims.TryGetProperty("iat", out _));
        }
        // Inventory's token rides inside Orders', not beside it: only Orders can pass it on.
        Assert.False(outerClaims.GetProperty("embedded_tokens").TryGetProperty("inventory", out _));
    }

    /// <summary>Each service with a request it accepts from a genuine token for it.</summary>
    private static readonly (string Service, string Path, HttpStatusCode Accepted)[] Services =
    [
        ("gateway", "/embedded/api/orders", HttpStatusCode.OK),
        ("orders", "/orders", HttpStatusCode.OK),
        ("inventory", "/stock", HttpStatusCode.OK),
        ("shipping", $"/shipments/{Guid.NewGuid()}", HttpStatusCode.NotFound),
    ];

    /// <summary>The embedded token for <paramref name="audience"/>: orders' in the outer token, inventory's inside orders'.</summary>
    internal static string Embedded(string outer, string audience)
    {
        var orders = Customer.Payload(outer).GetProperty("embedded_tokens").GetProperty("orders").GetString()!;
        return audience == "orders"
            ? orders
            : Customer.Payload(orders).GetProperty("embedded_tokens").GetProperty(audience).GetString()!;
    }
}
