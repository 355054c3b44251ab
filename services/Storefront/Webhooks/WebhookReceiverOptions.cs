namespace TokenJourney.Storefront.Webhooks;

/// <summary>
/// The Standard Webhooks secret Orders signs its callbacks with (<c>whsec_</c> + base64 key), bound from
/// <c>Webhooks</c>. Without one the receiver refuses every callback rather than trusting unsigned ones.
/// </summary>
public sealed class WebhookReceiverOptions
{
    public const string SectionName = "Webhooks";

    public string? Secret { get; set; }

    /// <summary>A callback whose timestamp is further than this from now is refused (replay protection).</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);
}
