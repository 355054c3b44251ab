namespace TokenJourney.Orders.Reservations;

/// <summary>Wakes <see cref="ReservationConfirmer"/> when an order commits, instead of at its next poll.</summary>
public sealed class ConfirmationSignal : WorkSignal;
