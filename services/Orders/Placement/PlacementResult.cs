using TokenJourney.Orders.Storage;

namespace TokenJourney.Orders.Placement;

/// <summary>
/// What placing or resuming an order came to. <see cref="OrderPlacement"/> knows nothing of HTTP; the endpoint maps each
/// case to its status code and problem document (<c>OrderEndpoints.ToHttp</c>).
/// </summary>
public abstract record PlacementResult
{
    private PlacementResult()
    {
    }

    /// <summary>A new order, committed with its shipping request in the outbox.</summary>
    public sealed record Placed(Order Order) : PlacementResult;

    /// <summary>An order awaiting re-authorization, committed again with a new shipping request in the outbox.</summary>
    public sealed record Resumed(Order Order) : PlacementResult;

    /// <summary>No such order for this caller (another customer's order looks the same as none).</summary>
    public sealed record OrderNotFound(Guid OrderId) : PlacementResult;

    /// <summary>Only an order awaiting re-authorization can be resumed.</summary>
    public sealed record NotResumable(Guid OrderId, string Status) : PlacementResult;

    public sealed record OutOfStock(string Detail) : PlacementResult;

    public sealed record UnknownItem(string Sku) : PlacementResult;

    /// <summary>Inventory could not be reached or did not answer: nothing was stored, the client may try again.</summary>
    public sealed record InventoryUnavailable(string Detail) : PlacementResult;

    /// <summary>Inventory refused the exchanged token or the request: a fault on our side, not the customer's.</summary>
    public sealed record InventoryRefused(string? Detail) : PlacementResult;
}
