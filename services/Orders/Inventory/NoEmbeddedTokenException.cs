namespace TokenJourney.Orders.Inventory;

/// <summary>Orders embeds for Inventory, and the caller's token carries no token for <see cref="Audience"/>.</summary>
public sealed class NoEmbeddedTokenException(string audience)
    : Exception($"The access token carries no embedded token for the audience '{audience}'.")
{
    public string Audience { get; } = audience;
}
