using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.IntegrationTests.Hosting;
using TokenJourney.IntegrationTests.Ordering;

namespace TokenJourney.IntegrationTests.Security;

/// <summary>
/// Callback URLs at registration (through the gateway, as a customer registers them) and at delivery, with the test
/// host's allow-list for the listener: 127.0.0.1 at any port, and any port of this machine's host name.
/// </summary>
public sealed class CallbackUrlRulesTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private async Task<HttpResponseMessage> PlaceWithCallbackAsync(Customer customer, string callbackUrl)
    {
        using var gateway = App.CreateHttpClient("gateway");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { sku = "tea-sencha", quantity = 1, callbackUrl }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await customer.TokenAsync(Cancellation));
        return await gateway.SendAsync(request, Cancellation);
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "http://127.0.0.1:{port}/callbacks/orders\r\nX-Injected: yes", "control characters" },
        { "http://127.0.0.1:{port}/call backs", "control characters" },
        { "http://user:secret@127.0.0.1:{port}/callbacks/orders", "credentials" },
        { "http://127.1:{port}/callbacks/orders", "plain dotted form" },
        { "http://2130706433:{port}/callbacks/orders", "plain dotted form" },
        { "http://0x7f000001:{port}/callbacks/orders", "plain dotted form" },
        { "http://0177.0.0.1:{port}/callbacks/orders", "plain dotted form" },
        { "http://localhost:{port}/callbacks/orders", "allow-list" },
        { "http://169.254.169.254/latest/meta-data/", "allow-list" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_callback_URL_breaking_a_rule_is_refused_at_registration_with_its_reason_and_no_order(string template, string reason)
    {
        using var listener = new CallbackListener();
        var alice = new Customer(App, "alice");

        using var response = await PlaceWithCallbackAsync(alice, template.Replace("{port}", listener.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal("Callback URL not allowed", problem.GetProperty("title").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString());
        Assert.Empty(listener.Received);
    }

    [Fact]
    public async Task A_callback_on_a_host_name_that_resolves_inside_is_accepted_at_registration_but_never_delivered()
    {
        var addresses = await Dns.GetHostAddressesAsync(TestCallbackClient.MachineHostName, Cancellation);
        Assert.True(addresses.Length > 0, $"{TestCallbackClient.MachineHostName} does not resolve on this machine.");
        using var listener = new CallbackListener();
        var alice = new Customer(App, "alice");
        var url = $"http://{TestCallbackClient.MachineHostName}:{listener.Url.Port}{listener.Url.AbsolutePath}";

        using var response = await PlaceWithCallbackAsync(alice, url);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var orderId = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("id").GetGuid();
        await alice.WaitForStatusAsync(orderId, Cancellation, "Shipped");

        // Settled: delivered or given up, not waiting for a retry.
        var delivery = await OrderingTests.Eventually(async () =>
        {
            using var deliveries = await alice.GetAsync($"/api/orders/{orderId}/webhook-deliveries", Cancellation);
            var list = await deliveries.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            return list.EnumerateArray().Select(d => (JsonElement?)d).FirstOrDefault(d => d!.Value.GetProperty("history").GetArrayLength() > 0 && d.Value.GetProperty("state").GetString() != "Pending") is { } found
                ? new System.Runtime.CompilerServices.StrongBox<JsonElement>(found) : null;
        });

        // The last attempt says why it gave up (on a loaded machine an earlier one may have timed out first).
        var history = delivery.Value.GetProperty("history");
        var attempt = history[history.GetArrayLength() - 1];
        Assert.Equal("Failed", delivery.Value.GetProperty("state").GetString());
        Assert.Contains("internal address", attempt.GetProperty("error").GetString());
        Assert.Empty(listener.Received);
    }

    [Fact]
    public async Task A_callback_on_the_allowed_IP_address_is_delivered()
    {
        using var listener = new CallbackListener();
        var alice = new Customer(App, "alice");

        var orderId = await alice.PlaceOkAsync("tea-sencha", 1, listener.Url, Cancellation);

        var shipped = await OrderingTests.Eventually(() => Task.FromResult(listener.For(orderId).FirstOrDefault(c => c.Type == "order.shipped")));
        Assert.True(shipped.SignatureValid);
    }
}
