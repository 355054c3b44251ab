using TokenJourney.ServiceDefaults;

namespace TokenJourney.Storefront.Pages;

/// <summary>Where the Aspire dashboard runs (<c>Dashboard:Url</c>), linked from the page header. Optional.</summary>
public sealed class DashboardLinkOptions
{
    public const string SectionName = "Dashboard";

    [AbsoluteHttpUrl]
    public string? Url { get; set; }
}
