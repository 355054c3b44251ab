using System.ComponentModel.DataAnnotations;

namespace TokenJourney.Orders.Inventory;

/// <summary>How Orders gets the token it calls Inventory with, bound from <c>Orders</c> and validated at start-up.</summary>
public sealed class InventoryTokenOptions : IValidatableObject
{
    public const string SectionName = "Orders";
    public const string Exchange = "exchange";
    public const string Embed = "embed";

    /// <summary>
    /// <c>exchange</c> (default): an RFC 8693 exchange of the caller's token at the IdP, once per token. <c>embed</c>: the
    /// token for audience inventory embedded in the caller's token; Orders then needs the IdP for Inventory no more, but
    /// only tokens that embed one work (the gateway's embed route forwards the orders token the realm makes embed it).
    /// </summary>
    public string InventoryTokenStrategy { get; set; } = Exchange;

    public bool Embeds => string.Equals(InventoryTokenStrategy, Embed, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.Equals(InventoryTokenStrategy, Exchange, StringComparison.OrdinalIgnoreCase) && !Embeds)
        {
            yield return new ValidationResult($"Orders:InventoryTokenStrategy is '{InventoryTokenStrategy}'; expected exchange or embed.");
        }
    }
}
