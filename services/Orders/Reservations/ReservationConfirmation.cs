namespace TokenJourney.Orders.Reservations;

/// <summary>
/// Inventory's answer to a confirmation: the orders whose reservations it now keeps, and the ones it has no reservation
/// for (nothing to keep), or why it could not be asked.
/// </summary>
public sealed record ReservationConfirmation(IReadOnlyList<Guid> Confirmed, IReadOnlyList<Guid> Unknown, string? Failure = null)
{
    public static ReservationConfirmation Failed(string failure) => new([], [], failure);
}
