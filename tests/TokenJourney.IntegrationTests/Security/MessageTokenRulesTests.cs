using MassTransit;
using TokenJourney.Contracts;
using TokenJourney.Contracts.Messaging;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Security;

/// <summary>Shipping validates the token in a queued message with the same rules: minted with the provider's key, broken once, refused with its reason.</summary>
public sealed class MessageTokenRulesTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task Shipping_refuses_queued_messages_whose_tokens_break_a_rule_and_names_each_reason()
    {
        var key = new ProviderSigningKey(App);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var cases = new Dictionary<Guid, (string Token, string Reason)>();
        void Add(string reason, Action<System.Text.Json.Nodes.JsonObject, System.Text.Json.Nodes.JsonObject> breakIt)
        {
            var (header, claims) = (key.Header(), key.Claims("alice-minted"));
            breakIt(header, claims);
            cases[Guid.NewGuid()] = (key.Sign(header, claims), reason);
        }
        Add("no_jti", (_, c) => c.Remove("jti"));
        Add("numeric_date_invalid", (_, c) => c["exp"] = "9999999999");
        Add("lifetime_too_long", (_, c) => c["exp"] = now + 10L * 365 * 24 * 3600);
        Add("algorithm_not_allowed", (h, _) => h["alg"] = "PS256");
        Add("crit_unsupported", (h, _) => h["crit"] = new System.Text.Json.Nodes.JsonArray("exp"));
        Add("not_access_token", (h, c) => { h["typ"] = "JWT"; c.Remove("typ"); });

        var refused = new System.Collections.Concurrent.ConcurrentDictionary<Guid, string>();
        var allIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.UseTokenJourneyConventions(new Uri(App.ConnectionString("messaging")));
            rabbit.ReceiveEndpoint($"message-token-rules-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<OrderAuthorizationFailed>(context =>
                {
                    if (cases.ContainsKey(context.Message.OrderId) && refused.TryAdd(context.Message.OrderId, context.Message.Reason) && refused.Count == cases.Count)
                    {
                        allIn.TrySetResult();
                    }
                    return Task.CompletedTask;
                });
            });
        });
        await bus.StartAsync(Cancellation);
        try
        {
            foreach (var (orderId, (token, _)) in cases)
            {
                await bus.Publish(new OrderPlaced(orderId, 1, "alice-minted", "tea-sencha", 1, DateTimeOffset.UtcNow),
                    context => context.Headers.Set(TokenHeaders.AccessToken, token), Cancellation);
            }

            await allIn.Task.WaitAsync(TimeSpan.FromSeconds(90), Cancellation);

            Assert.All(cases, c => Assert.Equal(c.Value.Reason, refused[c.Key]));
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_copy_of_a_shipped_order_whose_token_has_expired_is_answered_with_the_shipment_not_a_request_to_reauthorize()
    {
        var key = new ProviderSigningKey(App);
        var orderId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var valid = key.Sign(key.Header(), key.Claims());
        var expiredClaims = key.Claims();
        (expiredClaims["iat"], expiredClaims["nbf"], expiredClaims["exp"]) = (now - 600, now - 600, now - 300);
        var expired = key.Sign(key.Header(), expiredClaims);

        var shipped = System.Threading.Channels.Channel.CreateUnbounded<Guid>();
        var refused = System.Threading.Channels.Channel.CreateUnbounded<string>();
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.UseTokenJourneyConventions(new Uri(App.ConnectionString("messaging")));
            rabbit.ReceiveEndpoint($"shipped-copy-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<OrderShipped>(context => context.Message.OrderId == orderId
                    ? shipped.Writer.WriteAsync(context.Message.ShipmentId).AsTask() : Task.CompletedTask);
                endpoint.Handler<OrderAuthorizationFailed>(context => context.Message.OrderId == orderId
                    ? refused.Writer.WriteAsync(context.Message.Reason).AsTask() : Task.CompletedTask);
            });
        });
        await bus.StartAsync(Cancellation);
        try
        {
            var placed = new OrderPlaced(orderId, 1, "alice-minted", "tea-sencha", 1, DateTimeOffset.UtcNow);
            await bus.Publish(placed, context => context.Headers.Set(TokenHeaders.AccessToken, valid), Cancellation);
            var shipment = await shipped.Reader.ReadAsync(Cancellation).AsTask().WaitAsync(TimeSpan.FromSeconds(60), Cancellation);

            // The same message again, as a redelivery after a crash would bring it once its token has run out.
            await bus.Publish(placed, context => context.Headers.Set(TokenHeaders.AccessToken, expired), Cancellation);
            var again = await shipped.Reader.ReadAsync(Cancellation).AsTask().WaitAsync(TimeSpan.FromSeconds(60), Cancellation);

            Assert.Equal(shipment, again);
            Assert.False(refused.Reader.TryRead(out var reason), $"Shipping asked to re-authorize a shipped order ({reason})");
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
