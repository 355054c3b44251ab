using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using TokenJourney.Contracts;
using TokenJourney.Contracts.Messaging;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>Ordering on the composed system: gateway, Orders, Inventory, RabbitMQ, Shipping and the IdP, all real.</summary>
public sealed class OrderingTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task Alice_orders_through_the_gateway_and_her_order_is_reserved_published_and_shipped_in_one_trace()
    {
        using var callbacks = new CallbackListener();
        var alice = new Customer(App, "alice");
        var traceId = ActivityTraceId.CreateRandom();

        var orderId = await alice.PlaceOkAsync("tea-sencha", 2, callbacks.Url, Cancellation, traceId);
        var order = await alice.WaitForStatusAsync(orderId, Cancellation, "Shipped");

        Assert.NotEqual(JsonValueKind.Null, order.GetProperty("shipmentId").ValueKind);
        Assert.Equal(HttpStatusCode.OK, await new ShippingProbe(App).ShipmentStatusAsync(orderId, await alice.TokenAsync(Cancellation), Cancellation));
        var shipped = await Eventually(() => callbacks.For(orderId).SingleOrDefault(c => c.Type == "order.shipped"));
        Assert.True(shipped.SignatureValid);

        // One trace: the gateway, Orders, Inventory (HTTP) and Shipping (through RabbitMQ) all report spans under the
        // trace id the client sent; waiting for that is the check. In it, Shipping accepted the message's own token.
        var spans = await Eventually(async () =>
        {
            var trace = await JourneyTraceAsync(traceId);
            var names = trace.Select(s => s.GetProperty("service").GetString()).ToHashSet();
            return new[] { "gateway", "orders", "inventory", "shipping" }.All(names.Contains) ? trace : null;
        });
        var shippingCheck = Assert.Single(spans, s => s.GetProperty("name").GetString() == "shipping validate message token").GetProperty("tokenFacts");
        Assert.Equal(("accepted", "shipping", "message"), (shippingCheck.GetProperty("token.outcome").GetString(),
            shippingCheck.GetProperty("token.audience").GetString(), shippingCheck.GetProperty("token.strategy").GetString()));
    }

    [Fact]
    public async Task A_customer_sees_only_their_own_orders()
    {
        var alice = new Customer(App, "alice");
        var bob = new Customer(App, "bob");
        var orderId = await alice.PlaceOkAsync("mug-stoneware", 1, null, Cancellation);

        using var bobReads = await bob.GetAsync($"/api/orders/{orderId}", Cancellation);
        using var bobsList = await bob.GetAsync("/api/orders", Cancellation);
        using var alicesList = await alice.GetAsync("/api/orders", Cancellation);

        Assert.Equal(HttpStatusCode.NotFound, bobReads.StatusCode);
        Assert.DoesNotContain(orderId.ToString(), await bobsList.Content.ReadAsStringAsync(Cancellation));
        Assert.Contains(orderId.ToString(), await alicesList.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task A_callback_url_outside_the_allow_list_is_refused_with_a_clear_400_and_no_order()
    {
        var alice = new Customer(App, "alice");

        using var response = await alice.PlaceAsync("tea-sencha", 1, new Uri("https://attacker.example.net/steal"), Cancellation);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal("Callback URL not allowed", problem.GetProperty("title").GetString());
        Assert.Contains("allow-list", problem.GetProperty("detail").GetString());
        using var list = await alice.GetAsync("/api/orders", Cancellation);
        Assert.DoesNotContain("attacker.example.net", await list.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task Inventory_refuses_a_token_whose_audience_is_orders()
    {
        var token = await new Customer(App, "alice").TokenAsync(Cancellation);
        using var inventory = App.CreateHttpClient("inventory");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/reservations")
        {
            Content = JsonContent.Create(new { orderId = Guid.NewGuid(), sku = "tea-sencha", quantity = 1 }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await inventory.SendAsync(request, Cancellation);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Shipping_refuses_a_message_whose_token_has_another_audience_and_says_so_without_shipping_or_passing_the_token_on()
    {
        var alice = new Customer(App, "alice");
        var token = await alice.TokenAsync(Cancellation); // aud gateway + orders: genuine, but not for Shipping
        var orderId = Guid.NewGuid();
        var refused = new TaskCompletionSource<(OrderAuthorizationFailed Message, bool CarriesToken)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.UseTokenJourneyConventions(new Uri(App.ConnectionString("messaging")));
            rabbit.ReceiveEndpoint($"ordering-tests-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<OrderAuthorizationFailed>(context =>
                {
                    if (context.Message.OrderId == orderId)
                    {
                        refused.TrySetResult((context.Message, context.ReceiveContext.TransportHeaders.TryGetHeader(TokenHeaders.AccessToken, out _)));
                    }
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync(Cancellation);
        try
        {
            await bus.Publish(new OrderPlaced(orderId, 1, "alice-subject-does-not-matter", "tea-sencha", 1, DateTimeOffset.UtcNow),
                context => context.Headers.Set(TokenHeaders.AccessToken, token), Cancellation);

            var (notification, carriesToken) = await refused.Task.WaitAsync(TimeSpan.FromSeconds(60), Cancellation);

            Assert.Equal(("shipping", "invalid_audience", 1), (notification.Step, notification.Reason, notification.Attempt));
            // A consumed message's token stays with its consumer: MassTransit would copy it onto what Shipping publishes.
            Assert.False(carriesToken, "Shipping's notification carries the token of the message it refused.");
            // Asked with alice's current token: the 15-second one the message carried may have expired while the test
            // waited for the refusal (a loaded machine), and the probe's exchange would then be refused with 400.
            Assert.Equal(HttpStatusCode.NotFound, await new ShippingProbe(App).ShipmentStatusAsync(orderId, await alice.TokenAsync(Cancellation), Cancellation));
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The trace's spans as the journey view received them through the services' second exporter.</summary>
    private async Task<List<JsonElement>> JourneyTraceAsync(ActivityTraceId traceId)
    {
        using var journey = App.CreateHttpClient("journey");
        return await journey.GetFromJsonAsync<List<JsonElement>>($"/api/traces/{traceId.ToHexString()}", Cancellation) ?? [];
    }

    private static Task<T> Eventually<T>(Func<T?> probe) where T : class => Eventually(() => Task.FromResult(probe()));

    /// <summary>Polls until the probe yields something; fails after a generous deadline (never a timing assertion).</summary>
    internal static async Task<T> Eventually<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            await Task.Delay(250, Cancellation);
        }
        Assert.Fail("the expected outcome did not happen within 90 s");
        return null!;
    }
}
