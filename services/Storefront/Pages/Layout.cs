using System.Net;

namespace TokenJourney.Storefront.Pages;

/// <summary>The page frame shared by the Storefront's few pages: header with who is signed in, then the content.</summary>
public static class Layout
{
    /// <summary>The header's links to the Aspire dashboard and to the journey view (its trace list), when configured.</summary>
    public sealed record Links(string? DashboardUrl, string? JourneyViewUrl);

    public static string Render(string title, string? userName, string content, Links? links = null) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{{Encode(title)}} · TokenJourney Storefront</title>
          <link rel="stylesheet" href="/site.css">
        </head>
        <body>
          <header class="topbar">
            <a class="brand" href="/">TokenJourney <span>Storefront</span></a>
            <nav>
              {{(links?.JourneyViewUrl is { } journeyView ? $"<a href=\"{Encode(journeyView.TrimEnd('/'))}/traces\" target=\"_blank\" rel=\"noopener\" data-testid=\"journeys-link\">Token journeys ↗</a>" : "")}}
              {{(links?.DashboardUrl is { } dashboard ? $"<a href=\"{Encode(dashboard)}\" target=\"_blank\" rel=\"noopener\" data-testid=\"dashboard-link\">Dashboard ↗</a>" : "")}}
              {{(userName is null
                  ? "<a class=\"button\" href=\"/login\" data-testid=\"login\">Sign in</a>"
                  : $"<span class=\"user\" data-testid=\"user\">Signed in as <strong>{Encode(userName)}</strong></span><form method=\"post\" action=\"/logout\"><button type=\"submit\" class=\"button secondary\" data-testid=\"logout\">Sign out</button></form>")}}
            </nav>
          </header>
          <main>
        {{content}}
          </main>
        </body>
        </html>
        """;

    public static string Encode(string? value) => WebUtility.HtmlEncode(value ?? "");
}
