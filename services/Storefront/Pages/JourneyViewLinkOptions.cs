using System.ComponentModel.DataAnnotations;
using TokenJourney.ServiceDefaults;

namespace TokenJourney.Storefront.Pages;

/// <summary>
/// Where the journey view runs (<c>JourneyView:Url</c>), so each order links to its token journey. Optional: without it
/// there are no trace links. (<c>JourneyView:OtlpEndpoint</c> in the same section is ServiceDefaults' exporter target.)
/// </summary>
public sealed class JourneyViewLinkOptions
{
    public const string SectionName = "JourneyView";

    [AbsoluteHttpUrl]
    public string? Url { get; set; }

    /// <summary>The journey view's page for the trace the order was placed in (it lists the order's later traces too).</summary>
    public string? TraceUrl(string traceId) =>
        string.IsNullOrWhiteSpace(Url) ? null : $"{Url.TrimEnd('/')}/traces/{Uri.EscapeDataString(traceId)}";
}
