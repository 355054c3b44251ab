namespace TokenJourney.Storefront.Orders;

/// <summary>503 with <c>Retry-After</c>: the order was not placed because a service behind the gateway (or the gateway) is down.</summary>
public sealed class TryAgainLater(string title, string detail, TimeSpan retryAfter) : IResult
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(5);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: title)
            .ExecuteAsync(httpContext);
    }
}
