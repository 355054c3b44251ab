using Microsoft.Extensions.Options;

namespace TokenJourney.Orders.Webhooks;

/// <summary>Decides whether a callback URL may be registered, and for which configured client (whose secret then signs).</summary>
public sealed class CallbackAllowList(IOptionsMonitor<WebhookOptions> options)
{
    /// <returns>The client whose allow-list admits the URL; null with a reason that is safe to show otherwise.</returns>
    public (string? Client, string? Refusal) Match(string? callbackUrl)
    {
        if (!Uri.TryCreate(callbackUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return (null, "callbackUrl must be an absolute http(s) URL.");
        }
        if (url.UserInfo.Length > 0 || url.Fragment.Length > 0)
        {
            return (null, "callbackUrl must not contain credentials or a fragment.");
        }
        foreach (var (client, settings) in options.CurrentValue.Clients)
        {
            if (settings.AllowedCallbackUrls.Select(CallbackUrlPattern.Parse).Any(p => p is not null && p.Matches(url)))
            {
                return (client, null);
            }
        }
        return (null, $"callbackUrl {url.GetLeftPart(UriPartial.Path)} is not in the callback allow-list configured for Orders.");
    }
}
