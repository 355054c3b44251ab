using Microsoft.Extensions.Options;

namespace TokenJourney.Orders.Outbox;

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
