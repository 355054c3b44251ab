using MassTransit;
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
                rabbit.ConfigureHost(uri);
                // Raw JSON: the body is the message alone, and headers (the token among them) stay transport headers.
                rabbit.UseRawJsonSerializer(isDefault: true);
                rabbit.UseRawJsonDeserializer(isDefault: true);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    /// <summary>Durable queues and persistent messages are MassTransit's defaults; publisher confirms are made explicit.</summary>
    public static void ConfigureHost(this IRabbitMqBusFactoryConfigurator rabbit, Uri uri)
    {
        var userInfo = uri.UserInfo.Split(':', 2);
        var virtualHost = uri.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "/";
        rabbit.Host(uri.Host, (ushort)(uri.IsDefaultPort || uri.Port < 0 ? 5672 : uri.Port), virtualHost, host =>
        {
            if (userInfo[0].Length > 0)
            {
                host.Username(Uri.UnescapeDataString(userInfo[0]));
                host.Password(userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "");
            }
            host.PublisherConfirmation = true;
            host.Heartbeat(TimeSpan.FromSeconds(10));
        });
    }
}
