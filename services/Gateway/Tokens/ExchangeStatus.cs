namespace TokenJourney.Gateway.Tokens;

public enum ExchangeStatus
{
    Issued,
    /// <summary>The IdP said no (inactive, revoked, unknown token): the caller's token is invalid.</summary>
    Refused,
    /// <summary>The IdP could not be asked: the gateway cannot decide.</summary>
    Unavailable,
}
