using System.ComponentModel.DataAnnotations;
using TokenJourney.ServiceDefaults;

namespace TokenJourney.JourneyView;

/// <summary>How much the journey view keeps, section <c>JourneyView</c>: memory stays bounded however long it runs.</summary>
public sealed class JourneyViewOptions
{
    public const string SectionName = "JourneyView";

    /// <summary>How many spans the in-memory store keeps; past it the oldest are evicted.</summary>
    [Range(100, 1_000_000, ErrorMessage = "JourneyView:MaxSpans must be between 100 and 1,000,000.")]
    public int MaxSpans { get; set; } = 20_000;

    /// <summary>The largest OTLP request body accepted, in bytes (after gzip is undone).</summary>
    [Range(1024, 64 * 1024 * 1024, ErrorMessage = "JourneyView:MaxRequestBytes must be between 1 KiB and 64 MiB.")]
    public int MaxRequestBytes { get; set; } = 8 * 1024 * 1024;
}

/// <summary>
/// Where the Aspire dashboard runs (<c>Dashboard:Url</c>), so each trace page links to the same trace there.
/// Optional: without it there is no link.
/// </summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    [AbsoluteHttpUrl]
    public string? Url { get; set; }

    /// <summary>Aspire's dashboard shows one trace at <c>/traces/detail/{traceId}</c>.</summary>
    public string? TraceUrl(string traceId) =>
        string.IsNullOrWhiteSpace(Url) ? null : $"{Url.TrimEnd('/')}/traces/detail/{Uri.EscapeDataString(traceId)}";
}

/// <summary>
/// The identity provider whose JWKS the inspector checks signatures against (<c>Identity:Authority</c>, the realm
/// URL AppHost gives every service). Optional: without it the inspector verifies only with a pasted key.
/// </summary>
public sealed class IdentityProviderOptions
{
    public const string SectionName = "Identity";

    [AbsoluteHttpUrl]
    public string? Authority { get; set; }
}
