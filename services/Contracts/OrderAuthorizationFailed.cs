namespace TokenJourney.Contracts;

/// <summary>
/// A step could not act on an order because the token it received was expired or invalid. Nothing was done;
/// the order waits for the customer to re-authorize it.
/// </summary>
/// <param name="Step">Which hop refused, e.g. <c>shipping</c>.</param>
/// <param name="Reason">A short stable code (expired, invalid_audience, subject_mismatch, missing, ...), never token content.</param>
public sealed record OrderAuthorizationFailed(Guid OrderId, int Attempt, string Step, string Reason, Guid CorrelationId);
