namespace TokenJourney.Gateway.Tokens;

public enum TokenOutcome
{
    Accepted,
    Rejected,
    /// <summary>The gateway could not decide (IdP or JWKS unreachable): 503, never a guess.</summary>
    Unavailable,
}
