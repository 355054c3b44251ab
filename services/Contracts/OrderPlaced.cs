namespace TokenJourney.Contracts;

/// <summary>
/// Orders asks Shipping to ship. The access token that authorizes it travels in the
/// <see cref="TokenHeaders.AccessToken"/> transport header, never in this body, so the body can be logged,
/// stored in an error queue or shown in a dashboard without leaking a credential.
/// </summary>
/// <param name="Attempt">1 for the first publication, +1 per resume; notifications echo it so stale ones are ignored.</param>
public sealed record OrderPlaced(Guid OrderId, int Attempt, string CustomerSubject, string Sku, int Quantity, DateTimeOffset PlacedAt);
