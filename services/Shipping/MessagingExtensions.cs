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
            bus.AddConsumer<OrderPlacedConsumer>(consumer => consumer.UseMessageRetry(r => r.Intervals(200, 1000, 5000)));
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.UseTokenJourneyConventions(uri);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
