namespace TokenJourney.Gateway;

/// <summary>
/// The gateway's 503: <c>Retry-After</c>, never cached, and a problem document saying what is down. Whatever answers
/// it (an unreachable backend, Redis or the IdP unreachable while deciding on a token), nothing was processed.
/// </summary>
public static class ServiceUnavailable
{
    /// <summary>Seconds a client should wait; about the time AppHost takes to start a crashed service again.</summary>
    public const int RetryAfterSeconds = 5;

    public static Task WriteAsync(HttpContext context, string title, string detail)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Problem($"{detail} Try again in {RetryAfterSeconds} s.", statusCode: StatusCodes.Status503ServiceUnavailable, title: title)
            .ExecuteAsync(context);
    }
}
