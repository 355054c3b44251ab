namespace TokenJourney.Orders.Endpoints;

public static class BearerToken
{
    /// <summary>The caller's token as it arrived (already validated by the bearer handler): the subject of every exchange.</summary>
    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
