namespace TokenJourney.Gateway.Tokens;

public sealed record ExchangeResult(ExchangeStatus Status, string? AccessToken)
{
    public static readonly ExchangeResult Refused = new(ExchangeStatus.Refused, null);
    public static readonly ExchangeResult Unavailable = new(ExchangeStatus.Unavailable, null);
}
