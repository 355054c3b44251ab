using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.ServiceDefaults.UnitTests;

public sealed class KeycloakAuthorityDiscoveryTests
{
    [Fact]
    public void Without_a_configured_authority_the_realm_is_found_on_the_endpoint_service_discovery_gives_for_the_provider()
    {
        var options = Options(new() { ["services:identity:http:0"] = "http://localhost:18080", ["Identity:Audience"] = "orders" });

        Assert.Equal("http://localhost:18080/realms/tokenjourney", options.Authority);
    }

    [Fact]
    public void A_configured_authority_an_external_Keycloak_wins_over_service_discovery()
    {
        var options = Options(new()
        {
            ["services:identity:http:0"] = "http://localhost:18080",
            ["Identity:Authority"] = "https://keycloak.example/realms/tokenjourney",
            ["Identity:Audience"] = "orders",
        });

        Assert.Equal("https://keycloak.example/realms/tokenjourney", options.Authority);
    }

    [Fact]
    public void Neither_an_authority_nor_a_discoverable_provider_fails_the_start_saying_what_is_missing()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { ["Identity:Audience"] = "orders" }));

        Assert.Contains("Identity:Authority is required", error.Message);
    }

    private static TokenValidationOptions Options(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddServiceDiscovery();
        builder.AddKeycloakJwtBearer("identity", "tokenjourney");
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<TokenValidationOptions>>().Value;
    }
}
