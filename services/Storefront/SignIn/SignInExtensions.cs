using Microsoft.AspNetCore.Authentication.Cookies;
using TokenJourney.Storefront.Sessions;

namespace TokenJourney.Storefront.SignIn;

public static class SignInExtensions
{
    /// <summary>The browser's session cookie (it names a server-side session, it holds no token) and the OIDC client behind it.</summary>
    public static IHostApplicationBuilder AddSignIn(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdentityClientOptions>()
            .BindConfiguration(IdentityClientOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddMemoryCache(o => o.SizeLimit = 10_000);
        builder.Services.AddSingleton<PendingLogins>();
        builder.Services.AddSingleton<TokenSessions>();
        builder.Services.AddSingleton<AccessTokens>();
        builder.Services.AddSingleton<IdTokenValidator>();
        // A singleton: its discovery document and JWKS cache must outlive a request.
        builder.Services.AddHttpClient(nameof(IdentityProviderClient));
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<IdentityProviderClient>(sp,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(IdentityProviderClient))));

        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "storefront.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.LoginPath = "/login";
                o.Events.OnValidatePrincipal = context =>
                {
                    // After a Storefront restart (or sign-out elsewhere) the cookie names a session whose tokens are gone.
                    var sessions = context.HttpContext.RequestServices.GetRequiredService<TokenSessions>();
                    if (sessions.Find(context.Principal?.FindFirst(SignInEndpoints.SessionIdClaim)?.Value) is null)
                    {
                        context.RejectPrincipal();
                    }
                    return Task.CompletedTask;
                };
                o.Events.OnRedirectToLogin = context =>
                {
                    // Script calls get a status they can act on rather than a redirect to an HTML page.
                    if (context.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.Ordinal) ||
                        context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.Ordinal))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return Task.CompletedTask;
                    }
                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                };
            });
        builder.Services.AddAuthorization();
        return builder;
    }

    public static TokenSession? CurrentSession(this HttpContext http) =>
        http.RequestServices.GetRequiredService<TokenSessions>().Find(http.User.FindFirst(SignInEndpoints.SessionIdClaim)?.Value);
}
