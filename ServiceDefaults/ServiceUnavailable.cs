using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace TokenJourney.ServiceDefaults;

/// <summary>
/// What every service answers when something it needs cannot be reached (a backend, the identity provider, Redis):
/// 503 with <c>Retry-After</c>, never cached, and a problem document saying what is down and that nothing was done,
/// so the client may simply try again. Never a 500: the request was fine, the moment was not.
/// </summary>
public sealed class ServiceUnavailable(string title, string detail, TimeSpan? retryAfter = null) : IResult
{
    /// <summary>About the time AppHost takes to start a crashed service again.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    public static Task WriteAsync(HttpContext context, string title, string detail) =>
        new ServiceUnavailable(title, detail).ExecuteAsync(context);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var seconds = (int)Math.Ceiling((retryAfter ?? DefaultRetryAfter).TotalSeconds);
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        httpContext.Response.Headers.CacheControl = "no-store";
        return Results.Problem($"{detail} Try again in {seconds} s.", statusCode: StatusCodes.Status503ServiceUnavailable, title: title)
            .ExecuteAsync(httpContext);
    }
}
