namespace TokenJourney.Orders.Endpoints;

/// <summary>
/// 503 with <c>Retry-After</c> when a service Orders needs before it can commit (the IdP for the token exchange,
/// Inventory for the reservation) could not be reached: nothing was stored, so the client may simply try again.
/// </summary>
public sealed class DependencyUnavailable(string dependency, string detail) : IResult
{
    /// <summary>Seconds a client should wait; about the time AppHost takes to start a crashed service again.</summary>
    public const int RetryAfterSeconds = 5;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(
                $"{dependency} is unavailable ({detail}); no order was changed. Try again in {RetryAfterSeconds} s.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: $"{dependency} is unavailable")
            .ExecuteAsync(httpContext);
    }
}
