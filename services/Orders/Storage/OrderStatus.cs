namespace TokenJourney.Orders.Storage;

public static class OrderStatus
{
    /// <summary>Stock reserved and the shipping request committed to the outbox (published, or about to be).</summary>
    public const string Placed = "Placed";

    /// <summary>Shipping refused the token the order carried (expired in the queue, or invalid); waiting for a resume.</summary>
    public const string AwaitingReauthorization = "AwaitingReauthorization";

    /// <summary>The customer resumed with a fresh token; the shipping request is re-published with it.</summary>
    public const string Reauthorized = "Reauthorized";

    public const string Shipped = "Shipped";
}
