using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TokenJourney.Orders.Inventory;
using TokenJourney.Orders.TokenExchange;

namespace TokenJourney.Orders.UnitTests;

/// <summary>How Orders gets Inventory's token under each strategy; the IdP and Inventory themselves are the integration tests'.</summary>
public sealed class InventoryTokensTests
{
    private readonly CountingHandler _idp = new();

    private InventoryTokens Tokens(string strategy) => new(
        new TokenExchanger(new HttpClient(_idp), Options.Create(new ExchangeClientOptions
        {
            Authority = "http://localhost:8080/realms/tokenjourney", ClientId = "orders", ClientSecret = "orders-secret",
        }), new MemoryCache(new MemoryCacheOptions { SizeLimit = 100 }), TimeProvider.System),
        Options.Create(new InventoryTokenOptions { InventoryTokenStrategy = strategy }), TimeProvider.System);

    [Fact]
    public async Task Embedding_takes_the_inventory_token_the_callers_token_carries_and_never_calls_the_IdP()
    {
        var inventoryToken = Jwt(new { aud = "inventory", scope = "inventory:reserve", jti = "inner" });
        var caller = Jwt(new { aud = "orders", embedded_tokens = new { inventory = inventoryToken } });

        var token = await Tokens("embed").ForAsync(caller, CancellationToken.None);

        Assert.Equal(inventoryToken, token);
        Assert.Equal(0, _idp.Calls);
    }

    [Fact]
    public async Task Embedding_with_a_callers_token_that_carries_none_for_inventory_is_refused_naming_the_audience()
    {
        var caller = Jwt(new { aud = "orders", embedded_tokens = new { shipping = Jwt(new { aud = "shipping" }) } });

        var refusal = await Assert.ThrowsAsync<NoEmbeddedTokenException>(() => Tokens("embed").ForAsync(caller, CancellationToken.None));

        Assert.Equal("inventory", refusal.Audience);
        Assert.Equal(0, _idp.Calls);
    }

    [Fact]
    public async Task Exchange_the_default_asks_the_IdP_even_when_the_callers_token_embeds_one()
    {
        var caller = Jwt(new { aud = "orders", embedded_tokens = new { inventory = Jwt(new { aud = "inventory" }) } });

        await Tokens(new InventoryTokenOptions().InventoryTokenStrategy).ForAsync(caller, CancellationToken.None);

        Assert.Equal(1, _idp.Calls);
    }

    [Theory]
    [InlineData("embedded")]
    [InlineData("forward")]
    [InlineData("")]
    public void An_unknown_strategy_is_refused_at_start_naming_the_key_and_the_choices(string strategy)
    {
        var results = new InventoryTokenOptions { InventoryTokenStrategy = strategy }.Validate(new ValidationContext(new object())).ToList();

        Assert.Equal($"Orders:InventoryTokenStrategy is '{strategy}'; expected exchange or embed.", Assert.Single(results).ErrorMessage);
    }

    private static string Jwt(object payload) =>
        $"{B64("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}")}.{B64(JsonSerializer.Serialize(payload))}.c2ln";

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class CountingHandler : HttpMessageHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            var exp = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds();
            var body = JsonSerializer.Serialize(new { access_token = Jwt(new { aud = "inventory", exp }), token_type = "Bearer", expires_in = 60 });
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
