namespace TokenJourney.Orders.Inventory;

public enum ReservationOutcome
{
    Reserved,
    OutOfStock,
    UnknownItem,
    /// <summary>Inventory refused the exchanged token or the request: a fault on our side, not the customer's.</summary>
    Refused,
    Unavailable,
}
