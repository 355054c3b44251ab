using Microsoft.Extensions.Options;
using TokenJourney.Storefront.SignIn;

namespace TokenJourney.Storefront.Pages;

/// <summary>
/// The one page: sign in, place an order, watch it live, open its trace. Rendered on the server; the script in
/// /app.js only talks to this Storefront (never to the gateway: the browser holds no token to call it with).
/// </summary>
public static class HomePage
{
    public static IEndpointRouteBuilder MapHomePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http, IOptions<CatalogOptions> catalog, IOptions<DashboardLinkOptions> dashboard, IOptions<JourneyViewLinkOptions> journeyView) =>
        {
            var session = http.User.Identity?.IsAuthenticated == true ? http.CurrentSession() : null;
            var links = new Layout.Links(NullIfEmpty(dashboard.Value.Url), NullIfEmpty(journeyView.Value.Url));
            var html = session is null
                ? Layout.Render("Welcome", null, SignedOut(), links)
                : Layout.Render("Orders", session.UserName, SignedIn(catalog.Value), links);
            http.Response.Headers.CacheControl = "no-store";
            return Results.Content(html, "text/html; charset=utf-8");
        }).AllowAnonymous();
        return app;
    }

    private static string? NullIfEmpty(string? url) => string.IsNullOrWhiteSpace(url) ? null : url;

    private static string SignedOut() => """
            <section class="hero card">
              <h1>Watch a token's journey</h1>
              <p>Sign in at the identity provider (authorization code + PKCE). The Storefront keeps your tokens on its
                 server; this browser only ever holds a session cookie.</p>
              <p><a class="button" href="/login" data-testid="hero-login">Sign in</a></p>
              <p class="hint">Demo users: alice / alice, bob / bob.</p>
            </section>
        """;

    private static string SignedIn(CatalogOptions catalog)
    {
        var options = string.Concat(catalog.Items.Select(i => $"<option value=\"{Layout.Encode(i.Key)}\">{Layout.Encode(i.Value)} ({Layout.Encode(i.Key)})</option>"));
        return $$"""
            <div class="grid">
              <div>
                <section class="card">
                  <h2>Place an order</h2>
                  <form id="order-form" data-testid="order-form">
                    <label for="item">Item</label>
                    <select id="item" name="item" data-testid="item">{{options}}</select>
                    <label for="quantity">Quantity</label>
                    <input id="quantity" name="quantity" type="number" min="1" max="99" value="1" data-testid="quantity">
                    <div class="row-actions">
                      <button type="submit" data-testid="place-order">Place order</button>
                      <span id="order-error" class="error" data-testid="order-error"></span>
                    </div>
                  </form>
                  <p class="hint">Sent through the gateway with your access token, which never leaves the Storefront's server.</p>
                </section>
                <section class="card">
                  <h2>Your session</h2>
                  <dl class="facts" data-testid="session-facts">
                    <dt>Browser holds</dt><dd>a session cookie only</dd>
                    <dt>Access token</dt><dd id="token-left">…</dd>
                    <dt>Refresh token</dt><dd id="token-refresh">…</dd>
                    <dt>Refreshes</dt><dd id="token-refreshes">…</dd>
                  </dl>
                </section>
              </div>
              <div>
                <section class="card">
                  <h2>Your orders</h2>
                  <table data-testid="orders">
                    <thead><tr><th>Order</th><th>Item</th><th>Status</th><th>History</th><th>Trace</th><th></th></tr></thead>
                    <tbody id="orders-body"><tr><td colspan="6" class="empty">No orders yet.</td></tr></tbody>
                  </table>
                </section>
                <section class="card">
                  <h2>Live notifications <span id="stream-state" class="hint" data-testid="stream-state">connecting…</span></h2>
                  <ul id="notifications" data-testid="notifications"><li class="empty">Nothing yet: place an order.</li></ul>
                </section>
              </div>
            </div>
            <script src="/app.js"></script>
        """;
    }
}
