namespace TokenJourney.Gateway.Tokens;

/// <summary>The edge's verdict on one token; <see cref="Reason"/> is a short stable code (spans, metrics, error_description choice).</summary>
public sealed record TokenDecision(TokenOutcome Outcome, VerifiedToken? Token, string Reason, string Strategy, string Cache)
{
    public static TokenDecision Accept(VerifiedToken token, string cache) => new(TokenOutcome.Accepted, token, "ok", token.Strategy, cache);
    public static TokenDecision Reject(string reason, string strategy, string cache = "miss") => new(TokenOutcome.Rejected, null, reason, strategy, cache);
    public static TokenDecision Unavailable(string reason, string strategy) => new(TokenOutcome.Unavailable, null, reason, strategy, "miss");
}
