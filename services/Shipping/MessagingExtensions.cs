using MassTransit;
using TokenJourney.Contracts.Messaging;
using TokenJourney.ServiceDefaults.Infrastructure;

namespace TokenJourney.Shipping;

public static class MessagingExtensions
{
    public static IHostApplicationBuilder AddShippingMessaging(this IHostApplicationBuilder builder)
    {
        var uri = RabbitMqHealthCheckExtensions.GetAmqpUri(builder.Configuration, "messaging");
        builder.AddRabbitMqHealthCheck("messaging");
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddConsumer<OrderPlacedConsumer>(consumer =>
            {
                // Up to 100 messages per batch, or what arrived within 10 ms of the first (the price a lone order pays).
                // Two batches at once: one collects from the broker while the other commits and publishes.
                consumer.Options<BatchOptions>(batch => batch.SetMessageLimit(100).SetTimeLimit(TimeSpan.FromMilliseconds(10)).SetConcurrencyLimit(2));
                // A failed batch is retried whole; shipping is idempotent per order, so a retry ships nothing twice.
                consumer.UseMessageRetry(r => r.Intervals(200, 1000, 5000));
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.UseTokenJourneyConventions(uri);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
