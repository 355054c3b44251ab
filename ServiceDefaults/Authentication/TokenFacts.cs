using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>
/// Describes a validated token on the current span: who it is for, what it allows, how long it has left.
/// Only facts and a short hash of the jti go on the span, so a trace can never leak a usable token.
/// </summary>
public static class TokenFacts
{
    public static void Record(Activity? activity, ClaimsPrincipal principal, string strategy, DateTimeOffset now)
    {
        if (activity is null)
        {
            return;
        }

        var audiences = principal.FindAll("aud").Select(c => c.Value);
        activity.SetTag(TokenJourneyTelemetry.Tags.Audience, string.Join(' ', audiences));
        activity.SetTag(TokenJourneyTelemetry.Tags.Scope, principal.FindFirst("scope")?.Value);
        activity.SetTag(TokenJourneyTelemetry.Tags.ClientId, principal.FindFirst("azp")?.Value);
        activity.SetTag(TokenJourneyTelemetry.Tags.Strategy, strategy);
        activity.SetTag(TokenJourneyTelemetry.Tags.Outcome, "accepted");
        if (long.TryParse(principal.FindFirst("exp")?.Value, out var exp))
        {
            activity.SetTag(TokenJourneyTelemetry.Tags.SecondsLeft, exp - now.ToUnixTimeSeconds());
        }
        if (principal.FindFirst("jti")?.Value is { } jti)
        {
            activity.SetTag(TokenJourneyTelemetry.Tags.JtiHash, HashJti(jti));
        }
    }

    private static readonly Counter<long> Rejections = TokenJourneyTelemetry.Meter.CreateCounter<long>(
        "token.rejections", "{token}", "Tokens refused by a service's own validation, by reason and strategy.");

    /// <summary>Tags the span and counts the refusal by reason; neither ever holds the token.</summary>
    public static void RecordRejection(Activity? activity, string strategy, string reason)
    {
        Rejections.Add(1,
            new KeyValuePair<string, object?>(TokenJourneyTelemetry.Tags.Reason, reason),
            new KeyValuePair<string, object?>(TokenJourneyTelemetry.Tags.Strategy, strategy));
        activity?.SetTag(TokenJourneyTelemetry.Tags.Strategy, strategy);
        activity?.SetTag(TokenJourneyTelemetry.Tags.Outcome, "rejected");
        activity?.SetTag(TokenJourneyTelemetry.Tags.Reason, reason);
    }

    /// <summary>First 12 hex digits of SHA-256: enough to correlate hops, useless to an attacker.</summary>
    public static string HashJti(string jti) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(jti)))[..12];
}
