using MassTransit;

namespace TokenJourney.Contracts.Messaging;

/// <summary>
/// What publishers and consumers of these contracts must agree on: raw JSON bodies (the body is the message alone,
/// so the token stays a transport header and never lands in a body), durable queues and persistent messages
/// (MassTransit's defaults) and publisher confirms.
/// </summary>
public static class RabbitMqConventions
{
    public static void UseTokenJourneyConventions(this IRabbitMqBusFactoryConfigurator rabbit, Uri amqpUri)
    {
        rabbit.ConfigureHost(amqpUri);
        rabbit.UseRawJsonSerializer(isDefault: true);
        rabbit.UseRawJsonDeserializer(isDefault: true);
    }

    private static void ConfigureHost(this IRabbitMqBusFactoryConfigurator rabbit, Uri uri)
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
            // A publish returns only once the broker has taken responsibility for the message.
            host.PublisherConfirmation = true;
            host.Heartbeat(TimeSpan.FromSeconds(10));
        });
    }
}
