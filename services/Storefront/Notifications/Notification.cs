namespace TokenJourney.Storefront.Notifications;

/// <summary>
/// One line in the page's live feed. <see cref="Kind"/>: <c>order</c> (a status change relayed from Orders' stream),
/// <c>webhook</c> (a signed callback arrived), <c>token</c> (refresh), <c>resume</c>, <c>error</c>.
/// Never carries a token.
/// </summary>
public sealed record Notification(DateTimeOffset At, string Kind, string Message, string? OrderId = null, string? Status = null);
