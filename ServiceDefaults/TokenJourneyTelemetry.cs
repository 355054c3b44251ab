using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TokenJourney.ServiceDefaults;

/// <summary>
/// The one ActivitySource and Meter our own code records on, and the span attribute names that
/// describe a token at each hop. Attributes describe a token; they never contain one.
/// </summary>
public static class TokenJourneyTelemetry
{
    public const string ActivitySourceName = "TokenJourney";
    public const string MeterName = "TokenJourney";
    public const string MassTransitSourceName = "MassTransit";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    public static readonly Meter Meter = new(MeterName);

    /// <summary>Span attribute names for token facts; the dashboard shows these per hop.</summary>
    public static class Tags
    {
        public const string Audience = "token.audience";
        public const string Scope = "token.scope";
        public const string Strategy = "token.strategy";
        public const string SecondsLeft = "token.seconds_left";
        public const string JtiHash = "token.jti_hash";
        public const string Outcome = "token.outcome";
        public const string Reason = "token.reason";
        public const string ClientId = "token.client_id";
    }
}
