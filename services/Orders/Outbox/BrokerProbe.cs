using TokenJourney.ServiceDefaults.Infrastructure;

namespace TokenJourney.Orders.Outbox;

/// <summary>Whether RabbitMQ itself answers, whatever the state of Orders' own client (which is what the watchdog doubts).</summary>
public interface IBrokerProbe
{
    Task<bool> AnswersAsync(CancellationToken cancellationToken);
}

/// <summary>
/// An AMQP handshake on a connection of its own (the probe the <c>messaging</c> health check and the bus's start use), so
/// it does not go through RabbitMQ.Client or MassTransit.
/// </summary>
public sealed class AmqpBrokerProbe(Uri amqpUri) : IBrokerProbe
{
    public Task<bool> AnswersAsync(CancellationToken cancellationToken) => RabbitMqHealthCheckExtensions.AnswersAsync(amqpUri, cancellationToken);
}
