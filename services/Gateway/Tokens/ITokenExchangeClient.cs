namespace TokenJourney.Gateway.Tokens;

public interface ITokenExchangeClient
{
    Task<ExchangeResult> ExchangeAsync(string subjectToken, string audience, CancellationToken cancellationToken);
}
