namespace TokenJourney.Orders.Endpoints;

/// <summary>An RFC 6750 <c>invalid_token</c> challenge for a token that passed validation here but that the IdP refused.</summary>
public sealed class InvalidTokenChallenge(string description) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status401Unauthorized;
        httpContext.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{description}\"";
        return Task.CompletedTask;
    }
}
