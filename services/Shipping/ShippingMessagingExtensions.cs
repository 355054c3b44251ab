using MassTransit;
using TokenJourney.Contracts.Messaging;
using TokenJourney.Contracts.Messaging.Workarounds;
using TokenJourney.ServiceDefaults.Authentication;
using TokenJourney.ServiceDefaults.Infrastructure;

namespace TokenJourney.Shipping;

public static class ShippingMessagingExtensions
{
    private static readonly TimeSpan KeysRetryInterval = SigningKeysUnavailableException.RetryAfter;

    public static IHostApplicationBuilder AddShippingMessaging(this IHostApplicationBuilder builder)
    {
        var uri = RabbitMqHealthCheckExtensions.GetAmqpUri(builder.Configuration, "messaging");
        builder.AddRabbitMqHealthCheck("messaging");
        builder.Services.AddTokenJourneyBusTimeouts();
        builder.Services.AddBusStartWhenTheBrokerAnswers(uri, ct => RabbitMqHealthCheckExtensions.AnswersAsync(uri, ct));
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddConsumer<OrderPlacedConsumer>(consumer =>
            {
                // Up to 100 messages per batch, or what arrived within 10 ms of the first (the price a lone order pays).
                // Eight batches at once (a prefetch of 800): a batch spends most of its time waiting for the broker to
                // confirm its outcomes (persisted to disk), and the others use that time (benchmarks/README.md).
                consumer.Options<BatchOptions>(batch => batch.SetMessageLimit(100).SetTimeLimit(TimeSpan.FromMilliseconds(10)).SetConcurrencyLimit(8));
                // A failed batch is retried whole; shipping is idempotent per order, so a retry ships nothing twice.
                consumer.UseMessageRetry(r =>
                {
                    r.Ignore<SigningKeysUnavailableException>();
                    r.Intervals(200, 1000, 5000);
                });
                // A token that cannot be verified because the identity provider's keys cannot be fetched (it is down, and
                // this process never fetched them) is neither valid nor refused: the batch waits, unacknowledged, and is
                // tried again every 5 s until the provider answers (for a day at most, then the error queue).
                consumer.UseMessageRetry(r =>
                {
                    r.Handle<SigningKeysUnavailableException>();
                    r.Interval((int)(TimeSpan.FromDays(1) / KeysRetryInterval), KeysRetryInterval);
                });
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.UseTokenJourneyConventions(uri, context);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
