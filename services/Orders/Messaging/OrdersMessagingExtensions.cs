using MassTransit;
using TokenJourney.Contracts.Messaging;
using TokenJourney.Contracts.Messaging.Workarounds;
using TokenJourney.Orders.Outbox;
using TokenJourney.ServiceDefaults.Infrastructure;

namespace TokenJourney.Orders.Messaging;

public static class OrdersMessagingExtensions
{
    /// <summary>The broker's connection string name, also the name of its readiness check.</summary>
    public const string ConnectionName = "messaging";

    public static IHostApplicationBuilder AddOrdersMessaging(this IHostApplicationBuilder builder)
    {
        var uri = RabbitMqHealthCheckExtensions.GetAmqpUri(builder.Configuration, ConnectionName);
        builder.AddRabbitMqHealthCheck(ConnectionName);
        builder.Services.AddSingleton<OrderChangeNotifier>();
        builder.Services.AddTokenJourneyBusTimeouts();
        // One probe for the bus's start and the outbox watchdog (which asks whether the broker itself answers).
        var broker = new AmqpBrokerProbe(uri);
        builder.Services.AddSingleton<IBrokerProbe>(broker);
        builder.Services.AddBusStartWhenTheBrokerAnswers(uri, broker.AnswersAsync);
        builder.Services.AddMassTransit(bus =>
        {
            // Queues named orders-*: Orders' own, apart from any other service that consumes the same events.
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter("orders", includeNamespace: false));
            // Retries for transient faults (a locked database); then MassTransit moves the message to <queue>_error.
            bus.AddConsumer<OrderShippedConsumer>(c => c.UseMessageRetry(r => r.Intervals(200, 1000, 5000)));
            bus.AddConsumer<OrderAuthorizationFailedConsumer>(c => c.UseMessageRetry(r => r.Intervals(200, 1000, 5000)));
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.UseTokenJourneyConventions(uri, context);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
