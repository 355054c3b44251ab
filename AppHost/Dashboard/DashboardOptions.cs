using System.ComponentModel.DataAnnotations;

namespace TokenJourney.AppHost.Dashboard;

/// <summary>Dashboard settings, section <c>Dashboard</c> of AppHost's configuration (appsettings.json or environment).</summary>
public sealed class DashboardOptions
{
    /// <summary>How many spans the in-memory store keeps; past it the oldest are evicted.</summary>
    [Range(100, 1_000_000, ErrorMessage = "Dashboard:MaxSpans must be between 100 and 1,000,000.")]
    public int MaxSpans { get; set; } = 20_000;

    /// <summary>How many trace-correlated log records are kept for the trace view; past it the oldest are evicted.</summary>
    [Range(100, 1_000_000, ErrorMessage = "Dashboard:MaxLogRecords must be between 100 and 1,000,000.")]
    public int MaxLogRecords { get; set; } = 20_000;

    /// <summary>The largest OTLP request body accepted, in bytes.</summary>
    [Range(1024, 64 * 1024 * 1024, ErrorMessage = "Dashboard:MaxRequestBytes must be between 1 KiB and 64 MiB.")]
    public int MaxRequestBytes { get; set; } = 8 * 1024 * 1024;
}
