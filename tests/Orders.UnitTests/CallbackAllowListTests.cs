using Microsoft.Extensions.Options;
using TokenJourney.Orders.Webhooks;

namespace TokenJourney.Orders.UnitTests;

public sealed class CallbackAllowListTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static CallbackAllowList AllowList(params (string Client, string[] Patterns)[] clients)
    {
        var options = new WebhookOptions();
        foreach (var (client, patterns) in clients)
        {
            options.Clients[client] = new WebhookClientOptions { AllowedCallbackUrls = patterns, Secret = Secret };
        }
        return new CallbackAllowList(new StaticOptionsMonitor(options));
    }

    [Theory]
    [InlineData("http://localhost:8100/webhooks/orders")]
    [InlineData("http://LOCALHOST:8100/webhooks/orders")]
    public void The_storefronts_exact_callback_is_allowed_for_the_storefront(string url)
    {
        var (client, refusal) = AllowList(("storefront", ["http://localhost:8100/webhooks/orders"])).Match(url);

        Assert.Equal("storefront", client);
        Assert.Null(refusal);
    }

    [Theory]
    [InlineData("http://localhost:8101/webhooks/orders")] // another port
    [InlineData("https://localhost:8100/webhooks/orders")] // another scheme
    [InlineData("http://localhost:8100/webhooks/orders/extra")] // an exact path is not a prefix
    [InlineData("http://localhost.evil.example/webhooks/orders")] // a look-alike host
    [InlineData("http://user:pass@localhost:8100/webhooks/orders")] // credentials in the URL
    [InlineData("http://localhost:8100/webhooks/orders#x")]
    [InlineData("ftp://localhost:8100/webhooks/orders")]
    [InlineData("/webhooks/orders")]
    [InlineData("not a url")]
    public void Anything_else_is_refused_with_a_reason(string url)
    {
        var (client, refusal) = AllowList(("storefront", ["http://localhost:8100/webhooks/orders"])).Match(url);

        Assert.Null(client);
        Assert.False(string.IsNullOrWhiteSpace(refusal));
    }

    [Theory]
    [InlineData("http://127.0.0.1:41234/callback", true)]
    [InlineData("http://127.0.0.1/callback", true)]
    [InlineData("http://127.0.0.2:41234/callback", false)]
    [InlineData("http://localhost:41234/callback", false)]
    public void A_wildcard_port_admits_any_port_on_that_host_only(string url, bool allowed)
    {
        Assert.Equal(allowed, AllowList(("loopback", ["http://127.0.0.1:*/"])).Match(url).Client is not null);
    }

    [Theory]
    [InlineData("https://shop.example.com/hooks/orders", true)]
    [InlineData("https://a.b.example.com/hooks/x", true)]
    [InlineData("https://example.com/hooks/orders", false)] // the bare domain is not a subdomain
    [InlineData("https://evilexample.com/hooks/orders", false)]
    [InlineData("https://shop.example.com/other", false)]
    [InlineData("https://shop.example.com/hooks/../admin", false)] // dot segments are resolved before matching
    public void A_subdomain_wildcard_with_a_path_prefix_admits_only_subdomains_under_that_path(string url, bool allowed)
    {
        Assert.Equal(allowed, AllowList(("partner", ["https://*.example.com/hooks/"])).Match(url).Client is not null);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/hook\r\nX-Injected: 1", "control characters")]
    [InlineData("http://127.0.0.1:5000/hook%0d%0a\n", "control characters")]
    [InlineData("http://127.0.0.1:5000/ho ok", "control characters")]
    [InlineData("http://127.0.0.1:5000\\@evil.example/hook", "control characters")]
    [InlineData("http://\t127.0.0.1:5000/hook", "control characters")]
    [InlineData("http://user@127.0.0.1:5000/hook", "credentials")]
    [InlineData("http://@127.0.0.1:5000/hook", "credentials")]
    public void A_callback_with_control_characters_or_userinfo_is_refused_at_registration(string url, string reason)
    {
        var (client, refusal) = AllowList(("loopback", ["http://127.0.0.1:*/"])).Match(url);

        Assert.Null(client);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.1:5000/hook")]
    [InlineData("http://2130706433:5000/hook")]
    [InlineData("http://0x7f000001:5000/hook")]
    [InlineData("http://0177.0.0.1:5000/hook")]
    [InlineData("http://127.000.000.001:5000/hook")]
    public void Another_spelling_of_an_allowed_IP_address_is_refused_at_registration(string url)
    {
        var (client, refusal) = AllowList(("loopback", ["http://127.0.0.1:*/"])).Match(url);

        Assert.Null(client);
        Assert.Contains("plain dotted form", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plain_dotted_spelling_of_an_allowed_IP_address_is_accepted()
    {
        Assert.Equal("loopback", AllowList(("loopback", ["http://127.0.0.1:*/"])).Match("http://127.0.0.1:5000/hook").Client);
    }

    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://10.0.0.1/hook")]
    public void A_subdomain_wildcard_never_admits_an_IP_address(string url)
    {
        Assert.Null(AllowList(("partner", ["http://*.0.0.1/", "http://*.0.1/"])).Match(url).Client);
    }

    [Fact]
    public void The_first_client_whose_list_admits_the_url_signs_its_callbacks()
    {
        var allowList = AllowList(("storefront", ["http://localhost:8100/webhooks/orders"]), ("loopback", ["http://127.0.0.1:*/"]));

        Assert.Equal("loopback", allowList.Match("http://127.0.0.1:5000/hook").Client);
        Assert.Equal("storefront", allowList.Match("http://localhost:8100/webhooks/orders").Client);
    }

    [Fact]
    public void Configuration_with_a_bad_pattern_or_secret_fails_validation_naming_the_setting()
    {
        var options = new WebhookOptions();
        options.Clients["storefront"] = new WebhookClientOptions { AllowedCallbackUrls = ["localhost:8100"], Secret = "plain" };

        var result = new WebhookOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("Webhooks:Clients:storefront:Secret", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("invalid pattern 'localhost:8100'", StringComparison.Ordinal));
    }

    private sealed class StaticOptionsMonitor(WebhookOptions value) : IOptionsMonitor<WebhookOptions>
    {
        public WebhookOptions CurrentValue => value;
        public WebhookOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<WebhookOptions, string?> listener) => null;
    }
}
