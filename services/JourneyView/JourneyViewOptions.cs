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
