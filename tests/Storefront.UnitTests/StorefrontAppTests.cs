using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using TokenJourney.Storefront.Pages;
using TokenJourney.Storefront.Webhooks;

namespace TokenJourney.Storefront.UnitTests;

/// <summary>The Storefront's own edges, in process: what an anonymous browser sees and what a forged callback gets.</summary>
public sealed class StorefrontAppTests : IClassFixture<StorefrontAppTests.Storefront>
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private readonly Storefront _app;

    public StorefrontAppTests(Storefront app) => _app = app;

    public sealed class Storefront : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Identity:Authority", "http://localhost:1/realms/tokenjourney");
            builder.UseSetting("Identity:ClientId", "storefront");
            builder.UseSetting("Identity:ClientSecret", "storefront-secret");
            builder.UseSetting("Webhooks:Secret", Secret);
            builder.UseSetting("Dashboard:Url", "http://localhost:18888");
            builder.UseSetting("JourneyView:Url", "http://localhost:18890/");
        }
    }

    [Fact]
    public async Task The_header_links_to_the_Aspire_dashboard_and_the_journey_view()
    {
        using var client = _app.CreateClient();

        var page = await client.GetStringAsync("/", TestContext.Current.CancellationToken);

        Assert.Contains("href=\"http://localhost:18888\" target=\"_blank\" rel=\"noopener\" data-testid=\"dashboard-link\"", page);
        Assert.Contains("href=\"http://localhost:18890/traces\" target=\"_blank\" rel=\"noopener\" data-testid=\"journeys-link\"", page);
    }

    [Fact]
    public void An_order_links_to_its_trace_in_the_journey_view_and_to_nothing_without_one()
    {
        Assert.Equal("http://localhost:18890/traces/0af7651916cd43dd8448eb211c80319c",
            new JourneyViewLinkOptions { Url = "http://localhost:18890/" }.TraceUrl("0af7651916cd43dd8448eb211c80319c"));
        Assert.Null(new JourneyViewLinkOptions().TraceUrl("0af7651916cd43dd8448eb211c80319c"));
    }

    [Theory]
    [InlineData("JourneyView:Url", "localhost:18890")]
    [InlineData("Dashboard:Url", "/dashboard")]
    public void A_link_that_is_not_an_absolute_url_stops_the_start(string key, string value)
    {
        using var misconfigured = _app.WithWebHostBuilder(builder => builder.UseSetting(key, value));

        var error = Assert.Throws<OptionsValidationException>(() => misconfigured.CreateClient());

        Assert.Contains("Url", error.Message);
    }

    [Fact]
    public async Task An_anonymous_visitor_is_offered_sign_in_and_no_orders()
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await client.GetStringAsync("/", TestContext.Current.CancellationToken);
        Assert.Contains("href=\"/login\"", page);
        Assert.DoesNotContain("order-form", page);

        using var orders = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/orders") { Headers = { { "Accept", "application/json" } } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, orders.StatusCode);
    }

    [Fact]
    public async Task A_callback_with_a_forged_signature_is_refused()
    {
        using var client = _app.CreateClient();
        var body = """{"type":"order.reauthorization_required","data":{"orderId":"42"}}""";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var forged = StandardWebhookSignature.Sign(Encoding.UTF8.GetBytes("an attacker's own key, 32 bytes!"), "msg_1", timestamp, Encoding.UTF8.GetBytes(body));

        using var response = await client.SendAsync(Callback(body, "msg_1", timestamp, forged), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_correctly_signed_callback_is_accepted_once()
    {
        using var client = _app.CreateClient();
        var body = """{"type":"order.shipped","data":{"orderId":"not-ours","status":"Shipped"}}""";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var signature = StandardWebhookSignature.Sign(StandardWebhookSignature.KeyFrom(Secret), "msg_2", timestamp, Encoding.UTF8.GetBytes(body));

        using var first = await client.SendAsync(Callback(body, "msg_2", timestamp, signature), TestContext.Current.CancellationToken);
        using var again = await client.SendAsync(Callback(body, "msg_2", timestamp, signature), TestContext.Current.CancellationToken);

        Assert.True(first.IsSuccessStatusCode);
        Assert.Contains("duplicate", await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static HttpRequestMessage Callback(string body, string id, long timestamp, string signature) =>
        new(HttpMethod.Post, WebhookEndpoints.Path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { { "webhook-id", id }, { "webhook-timestamp", timestamp.ToString() }, { "webhook-signature", signature } },
        };
}
