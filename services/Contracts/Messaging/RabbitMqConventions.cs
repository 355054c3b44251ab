using System.Net.Sockets;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using TokenJourney.Contracts.Messaging.Workarounds;

namespace TokenJourney.Contracts.Messaging;

/// <summary>
/// What publishers and consumers of these contracts must agree on: raw JSON bodies (the body is the message alone,
/// so the token stays a transport header and never lands in a body), durable queues and persistent messages
/// (MassTransit's defaults) and publisher confirms; and what a service needs to come back after the broker is killed
/// (<see cref="BusStopTimeouts"/>, <see cref="DeadSocketTolerantTcpClient"/>: workarounds, see Workarounds/README.md).
/// </summary>
public static class RabbitMqConventions
{
    /// <param name="services">
    /// A service's container (MassTransit's bus registration context): its logger is told, once per connection, when a
    /// write found the connection dead. Optional for a bus outside a service, such as a test's or a benchmark's.
    /// </param>
    public static void UseTokenJourneyConventions(this IRabbitMqBusFactoryConfigurator rabbit, Uri amqpUri, IServiceProvider? services = null)
    {
        var logger = services?.GetService<ILoggerFactory>()?.CreateLogger(typeof(RabbitMqConventions));
        rabbit.ConfigureHost(amqpUri, logger);
        // Not MassTransit's default (which adds CopyHeaders): with it, every header of a consumed message is copied onto
        // what its consumer publishes, so the token in an OrderPlaced header rode on in Shipping's OrderShipped to Orders'
        // queues, a token for audience shipping where nothing needs it. A header travels only where it is set.
        rabbit.UseRawJsonSerializer(RawSerializerOptions.AddTransportHeaders, isDefault: true);
        rabbit.UseRawJsonDeserializer(RawSerializerOptions.AddTransportHeaders, isDefault: true);
    }

    private static void ConfigureHost(this IRabbitMqBusFactoryConfigurator rabbit, Uri uri, ILogger? logger)
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
            // MassTransit hands us its ConnectionFactory before every connection it opens: the only place to choose the socket.
            host.OnRefreshConnectionFactory = factory =>
            {
                factory.SocketFactory = family => new DeadSocketTolerantTcpClient(family, logger);
                return Task.CompletedTask;
            };
        });
    }
}
