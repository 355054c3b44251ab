namespace TokenJourney.JourneyView;

/// <summary>
/// The journey view has no sign-in (it is a local developer tool), so it refuses what another site's page could make
/// a browser send to it, and sets the headers that keep its pages from being sniffed or leaking their URLs.
/// </summary>
public static class BrowserRequestGuard
{
    public static IApplicationBuilder UseBrowserRequestGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // The inspector's posts and the OTLP receiver alike: exporters send neither header, so they pass, while a
        // cross-site form cannot plant spans or make the inspector fetch on its behalf.
        if (HttpMethods.IsPost(context.Request.Method) && IsCrossSite(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        context.Response.Headers.XContentTypeOptions = "nosniff";
        // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on the page's own form posts.
        context.Response.Headers["Referrer-Policy"] = "same-origin";
        await next();
    });

    /// <summary>Fetch metadata when the browser sends it, else the Origin header; an unreadable origin counts as foreign.</summary>
    private static bool IsCrossSite(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"] is [{ } site])
        {
            return site is not ("same-origin" or "none");
        }
        return request.Headers.Origin is [{ } origin]
            && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
