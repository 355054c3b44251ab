using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace TokenJourney.Contracts.Messaging.Workarounds;

/// <summary>
/// Workaround for MassTransit 8.5.12 waiting without bound for a receive endpoint's in-flight deliveries when it stops
/// its consumer, which it also does when the broker connection is lost (no upstream issue filed). <b>Remove when</b>
/// a MassTransit release bounds that wait itself and the broker-SIGKILL tests (Ordering/BrokerCrashTests,
/// Faults/FaultCampaignTests) pass without these options.
/// <para>
/// After a RabbitMQ SIGKILL one delivery can stay unfinished for good; the receive transport reconnects only once
/// the stop completes, so the endpoint never consumes again while its health still reads Healthy. Bounding the stop
/// (<see cref="StopTimeout"/>) releases it: the consumer completes and the endpoint reconnects. The abandoned message
/// was never acknowledged, so the broker delivers it again and the idempotent consumer handles it once.
/// </para>
/// </summary>
public static class BusStopTimeouts
{
    /// <summary>After this, a stopping receive endpoint cancels the ConsumeContext of its in-flight deliveries.</summary>
    public static readonly TimeSpan ConsumerStopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>After this, a stopping receive endpoint stops waiting for its in-flight deliveries (also bounds the bus's stop).</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Bounds the stop of every receive endpoint (see the type's summary). MassTransit waits with the stop's token,
    /// which has no timeout unless <see cref="MassTransitHostOptions.StopTimeout"/> is set; cancelling the consumers
    /// (<see cref="ConsumerStopTimeout"/>) alone did not release the stuck delivery.
    /// </summary>
    public static IServiceCollection AddTokenJourneyBusTimeouts(this IServiceCollection services) =>
        services.Configure<MassTransitHostOptions>(options =>
        {
            options.ConsumerStopTimeout = ConsumerStopTimeout;
            options.StopTimeout = StopTimeout;
        });
}
