using TokenJourney.ServiceDefaults;

namespace TokenJourney.JourneyView;

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
