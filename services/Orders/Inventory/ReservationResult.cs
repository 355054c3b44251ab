namespace TokenJourney.Orders.Inventory;

public sealed record ReservationResult(ReservationOutcome Outcome, string? Detail = null);
