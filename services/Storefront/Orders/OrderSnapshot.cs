using System.Text.Json;

namespace TokenJourney.Storefront.Orders;

/// <summary>The parts of an order the Storefront shows; read leniently so a new field in Orders' API breaks nothing.</summary>
public sealed record OrderSnapshot(string Id, string Status)
{
    public static OrderSnapshot Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new OrderSnapshot(Text(root, "id") ?? Text(root, "orderId") ?? "", Text(root, "status") ?? "Placed");
    }

    public static string? Text(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number => property.Value.GetRawText(),
                    _ => null,
                };
            }
        }
        return null;
    }
}
