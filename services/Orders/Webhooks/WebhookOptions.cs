using Microsoft.Extensions.Options;

namespace TokenJourney.Orders.Webhooks;

/// <summary>
/// The clients Orders may call back, bound from <c>Webhooks</c>: each with the callback URLs it may register
/// (the allow-list) and its own Standard Webhooks secret (<c>whsec_</c> + base64). No client configured, no callbacks.
/// </summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    public Dictionary<string, WebhookClientOptions> Clients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Attempts per delivery before it is marked failed (the first included).</summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A receiver slower than this counts as a failed attempt; it is retried later.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
