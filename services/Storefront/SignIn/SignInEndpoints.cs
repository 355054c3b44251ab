using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.IdentityModel.Tokens;
using TokenJourney.Storefront.Sessions;

namespace TokenJourney.Storefront.SignIn;

/// <summary>
/// Authorization code + PKCE by hand, so each step is visible: /login sends the browser to the provider,
/// /signin-oidc redeems the code server-side and gives the browser nothing but a session cookie.
/// </summary>
public static class SignInEndpoints
{
    public const string SessionIdClaim = "storefront_session";
    private const string LoginCookie = "storefront.login";

    public static IEndpointRouteBuilder MapSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/login", LoginAsync).AllowAnonymous();
        app.MapGet("/signin-oidc", CallbackAsync).AllowAnonymous();
        app.MapPost("/logout", LogoutAsync).RequireAuthorization().DisableAntiforgery();
        app.MapGet("/signout-callback-oidc", () => Results.Redirect("/")).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> LoginAsync(HttpContext http, PendingLogins logins, IdentityProviderClient provider, string? returnUrl)
    {
        var login = logins.Begin(LocalOrRoot(returnUrl));
        // Binds the attempt to this browser: a callback carrying someone else's state (login CSRF) is refused.
        http.Response.Cookies.Append(LoginCookie, login.State, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            MaxAge = TimeSpan.FromMinutes(10),
            Path = "/signin-oidc",
        });
        var url = await provider.AuthorizationUrlAsync(RedirectUri(http), login.State, login.Nonce, Pkce.Challenge(login.CodeVerifier), http.RequestAborted);
        return Results.Redirect(url.ToString());
    }

    private static async Task<IResult> CallbackAsync(
        HttpContext http, PendingLogins logins, IdentityProviderClient provider, IdTokenValidator idTokens,
        TokenSessions sessions, TimeProvider time, ILoggerFactory loggers,
        string? code, string? state, string? error, string? error_description)
    {
        var logger = loggers.CreateLogger(typeof(SignInEndpoints));
        var boundState = http.Request.Cookies[LoginCookie];
        http.Response.Cookies.Delete(LoginCookie, new CookieOptions { Path = "/signin-oidc" });
        if (error is not null)
        {
            logger.LogWarning("Sign-in callback refused: the identity provider answered {Error} ({ErrorDescription})",
                OAuthText(error), OAuthText(error_description));
            return SignInFailed($"The identity provider refused the sign-in: {error}{(error_description is null ? "" : " (" + error_description + ")")}.");
        }
        // The browser sees one message whatever the reason; the log says which, without the state or the code.
        var refusal = StateRefusal(code, state, boundState);
        var login = refusal is null ? logins.Complete(state!) : null;
        if (login is null)
        {
            logger.LogWarning("Sign-in callback refused: {Refusal}", refusal ?? "no pending login has its state (expired, already used, or begun before the storefront restarted)");
            return SignInFailed("This sign-in attempt is unknown or has expired. Please sign in again.");
        }

        try
        {
            var response = await provider.RedeemCodeAsync(code!, RedirectUri(http), login.CodeVerifier, http.RequestAborted);
            if (response.IdToken is null)
            {
                logger.LogWarning("Sign-in callback refused: the token response has no ID token");
                return SignInFailed("The identity provider returned no ID token (was the openid scope granted?).");
            }
            var identity = await idTokens.ValidateAsync(response.IdToken, login.Nonce, http.RequestAborted);
            var subject = identity.FindFirst("sub")?.Value ?? throw new SecurityTokenValidationException("The ID token has no sub.");
            var userName = identity.FindFirst("preferred_username")?.Value ?? identity.FindFirst("name")?.Value ?? subject;
            var session = sessions.Add(subject, userName, AccessTokens.FromResponse(response, null, time.GetUtcNow()));

            var principal = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim("sub", subject), new Claim("name", userName), new Claim(SessionIdClaim, session.Id)],
                CookieAuthenticationDefaults.AuthenticationScheme, "name", "role"));
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
            logger.LogInformation("{User} signed in; tokens are kept server-side for session {SessionHash}", userName, SessionHash(session.Id));
            return Results.Redirect(login.ReturnUrl);
        }
        catch (IdentityProviderException e)
        {
            logger.LogWarning("Redeeming the authorization code failed: {Error}", e.Error);
            return SignInFailed($"The identity provider refused the authorization code: {e.Error}.");
        }
        catch (SecurityTokenException e)
        {
            logger.LogWarning("The ID token was refused: {Reason}", e.Message);
            return SignInFailed("The ID token could not be validated: " + e.Message);
        }
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, TokenSessions sessions, IdentityProviderClient provider, ILoggerFactory loggers)
    {
        var session = sessions.Remove(http.User.FindFirst(SessionIdClaim)?.Value);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        if (session is null)
        {
            return Results.Redirect("/");
        }
        if (session.Tokens.RefreshToken is { } refreshToken)
        {
            try
            {
                await provider.RevokeAsync(refreshToken, "refresh_token", http.RequestAborted);
            }
            catch (HttpRequestException e)
            {
                loggers.CreateLogger(typeof(SignInEndpoints)).LogWarning("Revoking the refresh token at sign-out failed: {Error}", e.Message);
            }
        }
        var callback = new Uri($"{http.Request.Scheme}://{http.Request.Host}/signout-callback-oidc");
        var endSession = await provider.EndSessionUrlAsync(session.Tokens.IdToken, callback, http.RequestAborted);
        return Results.Redirect(endSession?.ToString() ?? "/");
    }

    /// <summary>Why a callback cannot be this browser's login (login CSRF, a lost cookie), or null if it can.</summary>
    private static string? StateRefusal(string? code, string? state, string? boundState) =>
        code is null || state is null ? "it carries no code or no state"
        : boundState is null ? "this browser has no login cookie"
        : !string.Equals(state, boundState, StringComparison.Ordinal) ? "its state is not the one in this browser's login cookie"
        : null;

    /// <summary>
    /// Anyone can call the callback, so its error texts are logged only as RFC 6749 allows them (printable ASCII without
    /// quote or backslash, section 4.1.2.1): no forged log lines, no control characters.
    /// </summary>
    private static string OAuthText(string? text) =>
        text is null ? "none"
        : text.Length <= 200 && text.All(c => c is >= ' ' and <= '~' and not '"' and not '\\') ? text
        : "not RFC 6749 text, not logged";

    private static Uri RedirectUri(HttpContext http) => new($"{http.Request.Scheme}://{http.Request.Host}/signin-oidc");

    private static string LocalOrRoot(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";

    /// <summary>Logs name a session without revealing the cookie value that would let someone ride it.</summary>
    public static string SessionHash(string sessionId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sessionId)))[..12];

    private static IResult SignInFailed(string message) =>
        Results.Content(Pages.Layout.Render("Sign-in failed", null,
            $"<section class=\"card\"><h2>Sign-in failed</h2><p data-testid=\"signin-error\">{System.Net.WebUtility.HtmlEncode(message)}</p><p><a class=\"button\" href=\"/login\">Try again</a></p></section>"),
            "text/html; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
}
