using Microsoft.Extensions.Options;

namespace TokenJourney.Orders.Webhooks;

/// <summary>Decides whether a callback URL may be registered, and for which configured client (whose secret then signs).</summary>
public sealed class CallbackAllowList(IOptionsMonitor<WebhookOptions> options)
{
    /// <returns>The client whose allow-list admits the URL; null with a reason that is safe to show otherwise.</returns>
    public (string? Client, string? Refusal) Match(string? callbackUrl)
    {
        // Checked on the text as given: Uri quietly drops or escapes some of these, and the receiver may not.
        if (callbackUrl is not null && callbackUrl.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\'))
        {
            return (null, "callbackUrl must not contain control characters, spaces or backslashes.");
        }
        if (!Uri.TryCreate(callbackUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return (null, "callbackUrl must be an absolute http(s) URL.");
        }
        if (url.UserInfo.Length > 0 || Authority(callbackUrl!).Contains('@') || url.Fragment.Length > 0)
        {
            return (null, "callbackUrl must not contain credentials or a fragment.");
        }
        if (url.HostNameType == UriHostNameType.IPv4 && Host(Authority(callbackUrl!)) != url.Host)
        {
            // 127.1, 2130706433, 0x7f000001 and 0177.0.0.1 all mean 127.0.0.1 to Uri, and each may mean something else to a filter downstream.
            return (null, "callbackUrl must write an IPv4 address in its plain dotted form.");
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

    private static string Authority(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        return end < 0 ? url[start..] : url[start..end];
    }

    private static string Host(string authority)
    {
        var host = authority[(authority.LastIndexOf('@') + 1)..];
        var colon = host.LastIndexOf(':');
        return colon >= 0 && !host.EndsWith(']') ? host[..colon] : host;
    }
}
