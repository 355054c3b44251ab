using Microsoft.Extensions.Options;

namespace TokenJourney.Orders.Outbox;

/// <summary>Bound from <c>Outbox:Watchdog</c>: when <see cref="OutboxWatchdog"/> gives up on Orders' RabbitMQ client.</summary>
public sealed class OutboxWatchdogOptions
{
    public const string SectionName = "Outbox:Watchdog";

    /// <summary>
    /// How long the outbox may go without a single confirmed publish, while messages wait and RabbitMQ answers, before
    /// Orders exits to be restarted. Counted from the later of the last confirm and the broker answering again, so an
    /// outage never counts: a healthy client needs a few reconnect attempts after the broker is back (MassTransit
    /// retries every 3 to 30 s) and one publish timeout (10 s) on the channel the crash left behind.
    /// </summary>
    public TimeSpan StallLimit { get; set; } = TimeSpan.FromSeconds(60);
}
