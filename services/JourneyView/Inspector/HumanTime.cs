using System.Globalization;

namespace TokenJourney.JourneyView.Inspector;

/// <summary>Durations the way a person reads them next to a token: "12 s", "4 min 5 s", "2 h 10 min".</summary>
public static class HumanTime
{
    public static string Span(TimeSpan span)
    {
        var s = Math.Abs(span.TotalSeconds);
        var whole = (long)Math.Floor(s);
        return whole switch
        {
            < 60 => $"{whole} s",
            < 3600 => Join(whole / 60, "min", whole % 60, "s"),
            < 86400 => Join(whole / 3600, "h", whole % 3600 / 60, "min"),
            _ => Join(whole / 86400, "d", whole % 86400 / 3600, "h"),
        };
    }

    /// <summary>"expired 12 s ago" / "expires in 3 min" for exp; "issued 5 s ago" for iat; and so on.</summary>
    public static string Relative(string claim, DateTimeOffset value, DateTimeOffset now)
    {
        var past = value <= now;
        var span = Span(value - now);
        return claim switch
        {
            "exp" => past ? $"expired {span} ago" : $"expires in {span}",
            "nbf" => past ? $"valid since {span} ago" : $"not valid for another {span}",
            "iat" => past ? $"issued {span} ago" : $"issued {span} in the future (clock skew?)",
            "auth_time" => past ? $"signed in {span} ago" : $"signed in {span} in the future",
            _ => past ? $"{span} ago" : $"in {span}",
        };
    }

    private static string Join(long major, string majorUnit, long minor, string minorUnit) =>
        minor == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{major} {majorUnit}")
            : string.Create(CultureInfo.InvariantCulture, $"{major} {majorUnit} {minor} {minorUnit}");
}
