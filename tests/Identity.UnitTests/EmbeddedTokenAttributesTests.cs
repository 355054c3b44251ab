using TokenJourney.Identity.Realm;

namespace TokenJourney.Identity.UnitTests;

/// <summary>Token embedding as the realm's client attributes express it, and the mistakes that stop the provider's start.</summary>
public sealed class EmbeddedTokenAttributesTests
{
    private static readonly Dictionary<string, RealmScope> Scopes = new()
    {
        ["orders:read"] = new("orders:read", true, ["orders"]),
        ["orders:write"] = new("orders:write", true, ["orders"]),
        ["inventory:reserve"] = new("inventory:reserve", true, ["inventory"]),
        ["profile"] = new("profile", true, []),
    };

    private static (IReadOnlyList<EmbeddedTokenRule> Rules, List<string> Problems) Read(Dictionary<string, string> attributes)
    {
        var problems = new List<string>();
        return (EmbeddedTokenAttributes.Read("journey-tests", attributes, Scopes, problems), problems);
    }

    [Fact]
    public void The_repository_realm_embeds_an_orders_token_that_embeds_an_inventory_token_for_journey_tests_only()
    {
        var realm = RealmLoader.Load(RepositoryFiles.RealmFile, new RealmOptions(), "tokenjourney");

        var orders = Assert.Single(realm.Clients["journey-tests"].EmbeddedTokens);
        Assert.Equal("orders", orders.Audience);
        Assert.Equal(["orders:read", "orders:write"], orders.Scopes);
        var inventory = Assert.Single(orders.Nested);
        Assert.Equal("inventory", inventory.Audience);
        Assert.Equal(["inventory:reserve"], inventory.Scopes);
        Assert.All(realm.Clients.Values.Where(c => c.ClientId != "journey-tests"), c => Assert.Empty(c.EmbeddedTokens));
    }

    [Fact]
    public void Other_attributes_are_not_read_as_embedding()
    {
        var (rules, problems) = Read(new() { ["use.refresh.tokens"] = "true", ["tokenjourney.embeddedx"] = "orders:read" });

        Assert.Empty(rules);
        Assert.Empty(problems);
    }

    [Fact]
    public void A_scope_that_does_not_reach_the_audience_is_refused_so_scope_and_aud_always_agree()
    {
        var (_, problems) = Read(new() { ["tokenjourney.embedded.orders"] = "orders:read inventory:reserve" });

        Assert.Equal("client 'journey-tests' attribute tokenjourney.embedded.orders: the client scope 'inventory:reserve' has no audience mapper for 'orders'",
            Assert.Single(problems));
    }

    [Fact]
    public void An_unknown_scope_and_an_empty_scope_list_are_refused()
    {
        var (_, problems) = Read(new() { ["tokenjourney.embedded.orders"] = "orders:delete", ["tokenjourney.embedded.inventory"] = " " });

        Assert.Contains("client 'journey-tests' attribute tokenjourney.embedded.orders: the client scope 'orders:delete' is not defined in the realm", problems);
        Assert.Contains("client 'journey-tests' attribute tokenjourney.embedded.inventory: lists no scope", problems);
    }

    [Fact]
    public void A_nested_token_without_the_token_it_would_ride_in_is_refused()
    {
        var (_, problems) = Read(new() { ["tokenjourney.embedded.orders/inventory"] = "inventory:reserve" });

        Assert.Equal("client 'journey-tests' attribute tokenjourney.embedded.orders/inventory: no attribute tokenjourney.embedded.orders embeds the token it would ride in",
            Assert.Single(problems));
    }
}
