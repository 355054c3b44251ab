using System.Text.RegularExpressions;

namespace TokenJourney.Orders.Webhooks;

/// <summary>
/// One allow-list entry. Deliberately narrow: exact scheme, exact host or one leading <c>*.</c> (subdomains only,
/// never the bare domain, never an IP address), an exact port or <c>*</c>, and a path that is exact or, ending in <c>/</c>, a prefix.
/// </summary>
public sealed partial record CallbackUrlPattern(string Scheme, string Host, bool AnySubdomain, int? Port, bool AnyPort, string Path)
{
    public static CallbackUrlPattern? Parse(string pattern)
    {
        var match = PatternRegex().Match(pattern.Trim());
        if (!match.Success)
        {
            return null;
        }
        var scheme = match.Groups["scheme"].Value.ToLowerInvariant();
        var host = match.Groups["host"].Value.ToLowerInvariant();
        var anySubdomain = host.StartsWith("*.", StringComparison.Ordinal);
        if (anySubdomain)
        {
            host = host[2..];
        }
        if (host.Length == 0 || host.Contains('*'))
        {
            return null;
        }
        var port = match.Groups["port"].Value;
        var path = match.Groups["path"].Success && match.Groups["path"].Value.Length > 0 ? match.Groups["path"].Value : "/";
        return new CallbackUrlPattern(scheme, host, anySubdomain, port is "" or "*" ? null : int.Parse(port), port == "*", path);
    }

    public bool Matches(Uri url)
    {
        if (url.Scheme != Scheme)
        {
            return false;
        }
        var host = url.IdnHost.ToLowerInvariant();
        // A wildcard names host names only: *.0.0.1 must not admit 127.0.0.1.
        if (AnySubdomain && url.HostNameType != UriHostNameType.Dns)
        {
            return false;
        }
        if (AnySubdomain ? !host.EndsWith("." + Host, StringComparison.Ordinal) : host != Host)
        {
            return false;
        }
        if (!AnyPort && url.Port != (Port ?? (Scheme == "https" ? 443 : 80)))
        {
            return false;
        }
        return Path.EndsWith('/') ? url.AbsolutePath.StartsWith(Path, StringComparison.Ordinal) : url.AbsolutePath == Path;
    }

    [GeneratedRegex(@"^(?<scheme>https?)://(?<host>[A-Za-z0-9.*-]+)(:(?<port>\*|\d{1,5}))?(?<path>/[^?#]*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PatternRegex();
}
