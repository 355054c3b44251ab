namespace TokenJourney.Identity.Storage;

/// <summary>Where the provider keeps its SQLite store and its keys (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>Absolute or content-root-relative; defaults to <c>.data</c> under the content root.</summary>
    public string? DataDirectory { get; set; }

    public static string Resolve(string? configured, string contentRoot) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? Path.Combine(contentRoot, ".data") : Path.Combine(contentRoot, configured));
}
