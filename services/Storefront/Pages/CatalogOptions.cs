namespace TokenJourney.Storefront.Pages;

/// <summary>The items the page offers (<c>Catalog:Items</c>, SKU → display name); they must exist in Inventory's stock.</summary>
public sealed class CatalogOptions
{
    public const string SectionName = "Catalog";

    public Dictionary<string, string> Items { get; set; } = [];
}
