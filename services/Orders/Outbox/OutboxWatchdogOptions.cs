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

public sealed class OutboxWatchdogOptionsValidator : IValidateOptions<OutboxWatchdogOptions>
{
    /// <summary>Two publish timeouts: one unconfirmed batch followed by a retry is normal after any reconnect, not a stall.</summary>
    public static readonly TimeSpan MinimumStallLimit = TimeSpan.FromSeconds(20);

    /// <summary>Longer than this is no longer a watchdog: orders would wait unpublished for a day.</summary>
    public static readonly TimeSpan MaximumStallLimit = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, OutboxWatchdogOptions options) =>
        options.StallLimit >= MinimumStallLimit && options.StallLimit <= MaximumStallLimit
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{OutboxWatchdogOptions.SectionName}:StallLimit must be between {MinimumStallLimit.TotalSeconds:0} s and {MaximumStallLimit.TotalHours:0} h (it is {options.StallLimit}).");
}
