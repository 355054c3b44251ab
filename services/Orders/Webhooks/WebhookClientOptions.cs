namespace TokenJourney.Orders.Webhooks;

public sealed class WebhookClientOptions
{
    /// <summary>Patterns: <c>scheme://host[:port|:*]/path</c>; host may start with <c>*.</c>; a path ending in <c>/</c> is a prefix.</summary>
    public string[] AllowedCallbackUrls { get; set; } = [];

    public string Secret { get; set; } = "";
}
