using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using OpenIddict.Abstractions;
using TokenJourney.Identity.Realm;
using TokenJourney.Identity.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TokenJourney.Identity.Endpoints;

/// <summary>Authorization code flow: a plain server-rendered login form, then a code for the client (OpenIddict checks PKCE and the redirect URI).</summary>
public static class AuthorizationEndpoint
{
    public const string SessionScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public static async Task<IResult> HandleAsync(HttpContext context, RealmModel realm, KeycloakPrincipalFactory factory, EndpointPaths paths,
        SessionAuthorizations sessions)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (realm.FindClient(request.ClientId) is not { StandardFlowEnabled: true } client)
        {
            return OAuthResults.Error(Errors.UnauthorizedClient, "The client may not use the authorization code flow.");
        }
        var refused = ScopeGrant.ForClient(client, request.GetScopes()).Refused;
        if (refused.Count > 0)
        {
            return OAuthResults.Error(Errors.InvalidScope, $"Invalid scopes: {string.Join(' ', refused)}");
        }

        var session = await context.AuthenticateAsync(SessionScheme);
        var user = realm.FindSubject(session.Principal?.FindFirstValue(Claims.Subject));
        var authTime = session.Properties?.IssuedUtc;
        if (user is not { Enabled: true } || request.HasPromptValue(PromptValues.Login) || OlderThanMaxAge(authTime, request.MaxAge))
        {
            return request.HasPromptValue(PromptValues.None)
                ? OAuthResults.Error(Errors.LoginRequired, "The user is not signed in.")
                : LoginPage(paths, context.Request.QueryString.Value ?? "", client, error: null);
        }

        var scopes = ScopeGrant.ForClient(client, request.GetScopes()).Granted;
        var sid = session.Principal!.FindFirstValue(KeycloakClaims.SessionId) ?? TokenEndpoint.NewSessionId();
        var principal = factory.Create(user, new(client, scopes, sid, authTime));
        await sessions.AttachAsync(principal, client.ClientId, context.RequestAborted);
        return TokenEndpoint.SignIn(principal);
    }

    /// <summary>The login form posts here; the OAuth parameters travel in the query and come back to the authorize URL.</summary>
    public static async Task<IResult> LoginAsync(HttpContext context, RealmModel realm, EndpointPaths paths, ILoggerFactory loggers)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var query = context.Request.QueryString.Value ?? "";
        var client = realm.FindClient(context.Request.Query[Parameters.ClientId]);
        var user = realm.FindUserByName(form["username"]);
        if (user is not { Enabled: true } || user.Password?.Verify(form["password"]) != true)
        {
            loggers.CreateLogger("TokenJourney.Identity.Login").LogInformation("Login refused: invalid username or password");
            return LoginPage(paths, query, client, "Invalid username or password.", StatusCodes.Status401Unauthorized);
        }
        var identity = new ClaimsIdentity(SessionScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, user.Id));
        identity.AddClaim(new Claim(Claims.Name, user.Username));
        identity.AddClaim(new Claim(KeycloakClaims.SessionId, TokenEndpoint.NewSessionId()));
        await context.SignInAsync(SessionScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow });
        return Results.Redirect(paths.Absolute(paths.Authorization) + SignedInJustNow(context.Request.Query));
    }

    /// <summary>OIDC Core 3.1.2.1: a session authenticated more than max_age seconds ago must sign in again.</summary>
    private static bool OlderThanMaxAge(DateTimeOffset? authTime, long? maxAge) =>
        maxAge is { } seconds && (authTime is not { } at || DateTimeOffset.UtcNow - at > TimeSpan.FromSeconds(seconds));

    /// <summary>
    /// The authorize query to go back to once the user has just signed in: without prompt=login and max_age, which that
    /// sign-in has answered (as Keycloak's authentication session does), so the request does not ask for it again.
    /// </summary>
    private static QueryString SignedInJustNow(IQueryCollection query)
    {
        var kept = new List<KeyValuePair<string, string?>>();
        foreach (var (name, values) in query)
        {
            foreach (var value in values)
            {
                var answered = name switch
                {
                    Parameters.MaxAge => "",
                    Parameters.Prompt => string.Join(' ', (value ?? "").Split(' ').Where(prompt => prompt != PromptValues.Login)),
                    _ => value,
                };
                if (!string.IsNullOrEmpty(answered))
                {
                    kept.Add(new(name, answered));
                }
            }
        }
        return QueryString.Create(kept);
    }

    private static IResult LoginPage(EndpointPaths paths, string query, RealmClient? client, string? error, int status = StatusCodes.Status200OK)
    {
        var action = WebUtility.HtmlEncode(paths.Absolute(paths.LoginAction) + query);
        var message = error is null ? "" : $"<p class=\"error\" role=\"alert\">{WebUtility.HtmlEncode(error)}</p>";
        var to = client?.DisplayName is { } name ? $"<p class=\"muted\">to continue to {WebUtility.HtmlEncode(name)}</p>" : "";
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in to TokenJourney</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>
              body { font-family: system-ui, sans-serif; background: #f3f4f6; display: grid; place-items: center; min-height: 100vh; margin: 0; }
              form { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; width: 20rem; }
              h1 { font-size: 1.3rem; margin: 0 0 .3rem; } .muted { color: #6b7280; margin: 0; }
              label { display: block; margin-top: 1rem; } input { width: 100%; padding: .5rem; box-sizing: border-box; }
              button { margin-top: 1.5rem; width: 100%; padding: .6rem; background: #2563eb; color: #fff; border: 0; border-radius: 4px; font-size: 1rem; }
              .error { color: #b91c1c; } .hint { margin-top: 1rem; font-size: .85rem; color: #6b7280; }
            </style></head>
            <body><form method="post" action="{{action}}" id="kc-form-login">
              <h1>Sign in to TokenJourney</h1>{{to}}{{message}}
              <label for="username">Username</label><input id="username" name="username" type="text" autocomplete="username" autofocus required>
              <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
              <button type="submit" id="kc-login">Sign in</button>
              <p class="hint">Demo users: alice / alice, bob / bob (customers), sam / sam (support).</p>
            </form></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
