using Microsoft.Extensions.Options;
using TokenJourney.JourneyView.Pages;

namespace TokenJourney.JourneyView.Inspector;

/// <summary>
/// The token inspector. The token arrives in a POST body only (never a URL, so no log or history holds it) and is
/// neither stored nor echoed; answers are marked no-store so no cache keeps its decoded claims.
/// </summary>
public static class InspectorEndpoints
{
    public static IEndpointRouteBuilder MapInspector(this IEndpointRouteBuilder app)
    {
        app.MapGet("/inspector", (HttpContext http, IOptions<InspectorIdentityOptions> identity, IOptions<DashboardOptions> dashboard) =>
            NoStore(http, InspectorPage.Render(Authority(identity), null, dashboard.Value)));
        app.MapPost("/inspector", async (HttpContext http, IOptions<InspectorIdentityOptions> identity, IOptions<DashboardOptions> dashboard, JwksClient jwks) =>
            NoStore(http, InspectorPage.Render(Authority(identity), await InspectAsync(http.Request, Authority(identity), jwks), dashboard.Value)));
        // What the page's script posts to: the result panel alone, so the token stays in the textarea, not in a page.
        app.MapPost("/inspector/result", async (HttpContext http, IOptions<InspectorIdentityOptions> identity, JwksClient jwks) =>
            NoStore(http, await InspectAsync(http.Request, Authority(identity), jwks)));
        return app;
    }

    private static async Task<string> InspectAsync(HttpRequest request, string? authority, JwksClient jwks)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var form = await request.ReadFormAsync(cancellationToken);
        var token = form["token"].ToString();
        var inspection = TokenInspector.Inspect(token, DateTimeOffset.UtcNow);
        if (!inspection.IsValid)
        {
            return InspectorPage.Result(inspection);
        }
        SignatureCheck signature;
        if (form["keySource"] == "pasted")
        {
            var key = form["key"].ToString();
            signature = string.IsNullOrWhiteSpace(key)
                ? new SignatureCheck(SignatureOutcome.NotChecked, "Paste a key to verify the signature with it.")
                : SignatureVerifier.Verify(token, key, "the pasted key");
        }
        else if (authority is not null)
        {
            var (keys, source, error) = await jwks.FetchAsync(authority, cancellationToken);
            signature = keys is null
                ? new SignatureCheck(SignatureOutcome.NotChecked, error ?? "The JWKS could not be read.")
                : SignatureVerifier.Verify(token, keys, source);
        }
        else
        {
            signature = new SignatureCheck(SignatureOutcome.NotChecked, "No identity provider configured (Identity:Authority): paste a key instead.");
        }
        return InspectorPage.Result(inspection with { Signature = signature });
    }

    private static string? Authority(IOptions<InspectorIdentityOptions> identity) =>
        string.IsNullOrWhiteSpace(identity.Value.Authority) ? null : identity.Value.Authority.TrimEnd('/');

    private static IResult NoStore(HttpContext http, string html)
    {
        http.Response.Headers.CacheControl = "no-store";
        return Html.Result(html);
    }
}
