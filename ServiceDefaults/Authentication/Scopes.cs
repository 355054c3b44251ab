namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>
/// The realm's scopes (keycloak-realm/), named once for both sides of each call: the service that asks for a token
/// with a scope and the service that requires it.
/// </summary>
public static class Scopes
{
    /// <summary>Read the caller's own orders (the storefront's user token; Orders requires it).</summary>
    public const string OrdersRead = "orders:read";

    /// <summary>Place and resume orders (the storefront's user token; Orders requires it).</summary>
    public const string OrdersWrite = "orders:write";

    /// <summary>Reserve and release stock (Orders exchanges for it; Inventory requires it).</summary>
    public const string InventoryReserve = "inventory:reserve";

    /// <summary>
    /// Confirm that orders were committed, so Inventory keeps their stock (Orders' own service token, client credentials;
    /// Inventory requires it). Only the orders client may ask for it, and its exchanges of customers' tokens name
    /// <see cref="InventoryReserve"/> alone.
    /// </summary>
    public const string InventoryConfirm = "inventory:confirm";

    /// <summary>Ship an order (Orders exchanges for it and puts the token in the message; Shipping requires it).</summary>
    public const string ShippingCreate = "shipping:create";
}
