using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenJourney.Gateway.Proxy;

namespace TokenJourney.Gateway.UnitTests;

/// <summary>The token strategy of a route, bound from its YARP metadata and validated as at the gateway's start.</summary>
public sealed class RouteTokenStrategiesTests
{
    private static RouteTokenStrategies Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddOptions<RouteTokenStrategies>().BindConfiguration(RouteTokenStrategies.SectionName).ValidateDataAnnotations();
        return services.BuildServiceProvider().GetRequiredService<IOptions<RouteTokenStrategies>>().Value;
    }

    [Fact]
    public void A_route_without_a_strategy_forwards_and_the_others_say_theirs_with_their_audience()
    {
        var strategies = Bind(new()
        {
            ["ReverseProxy:Routes:orders:ClusterId"] = "orders",
            ["ReverseProxy:Routes:orders-embedded:Metadata:TokenStrategy"] = "embed",
            ["ReverseProxy:Routes:orders-embedded:Metadata:TokenAudience"] = "orders",
            ["ReverseProxy:Routes:orders-exchanged:Metadata:TokenStrategy"] = "Exchange",
            ["ReverseProxy:Routes:orders-exchanged:Metadata:TokenAudience"] = "orders",
        });

        Assert.Equal(new RouteTokenStrategies.RouteStrategy(TokenStrategy.Forward, null), strategies.For("orders"));
        Assert.Equal(new RouteTokenStrategies.RouteStrategy(TokenStrategy.Embed, "orders"), strategies.For("orders-embedded"));
        Assert.Equal(new RouteTokenStrategies.RouteStrategy(TokenStrategy.Exchange, "orders"), strategies.For("orders-exchanged"));
        Assert.Equal(TokenStrategy.Forward, strategies.For("a-route-nobody-configured").Strategy);
    }

    [Theory]
    [InlineData("embedded")]
    [InlineData("1")]
    [InlineData("Forward, Embed")]
    public void An_unknown_strategy_name_stops_the_start_naming_the_key_and_the_choices(string name)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            ["ReverseProxy:Routes:orders-embedded:Metadata:TokenStrategy"] = name,
            ["ReverseProxy:Routes:orders-embedded:Metadata:TokenAudience"] = "orders",
        }));

        Assert.Contains($"ReverseProxy:Routes:orders-embedded:Metadata:TokenStrategy is '{name}'; expected forward, embed or exchange.", failure.Message);
    }

    [Theory]
    [InlineData("embed")]
    [InlineData("exchange")]
    public void Embed_and_exchange_without_an_audience_stop_the_start_naming_the_missing_key(string strategy)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            ["ReverseProxy:Routes:orders-x:Metadata:TokenStrategy"] = strategy,
        }));

        Assert.Contains("ReverseProxy:Routes:orders-x:Metadata:TokenAudience is required", failure.Message);
    }
}
