namespace TokenJourney.Storefront.Pages;

/// <summary>Where AppHost's dashboard runs (<c>Dashboard:Url</c>), so each order links to its trace. Optional: without it there are no links.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    public string? Url { get; set; }

    public string? TraceUrl(string traceId) =>
        string.IsNullOrWhiteSpace(Url) ? null : $"{Url.TrimEnd('/')}/traces/{Uri.EscapeDataString(traceId)}";
}
