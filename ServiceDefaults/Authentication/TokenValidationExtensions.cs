using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace TokenJourney.ServiceDefaults.Authentication;

public static class TokenValidationExtensions
{
    /// <summary>The span strategy recorded for a token received on an HTTP request.</summary>
    public const string HttpStrategy = "bearer";

    private const string QueryTokenItem = "tokenjourney.token-in-url";

    /// <summary>
    /// Zero trust: every service validates every token itself (signature via the authority's JWKS, issuer,
    /// its own audience, lifetime with a small skew, an algorithm allow-list, the token type), whatever the
    /// gateway already checked. Configured from the <c>Identity</c> section (see <see cref="TokenValidationOptions"/>).
    /// </summary>
    /// <param name="authenticateEveryRequest">
    /// True for a service: JwtBearer is the default scheme, so every request is authenticated. False for the gateway,
    /// whose proxied requests are decided by its edge middleware: only endpoints whose policy names the JwtBearer
    /// scheme authenticate, and an opaque token on a proxied request does not pay for a failed JWT read.
    /// </param>
    public static IHostApplicationBuilder AddTokenValidation(this IHostApplicationBuilder builder, bool authenticateEveryRequest = true)
    {
        builder.Services.AddOptions<TokenValidationOptions>()
            .BindConfiguration(TokenValidationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        if (authenticateEveryRequest)
        {
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        }
        else
        {
            // ASP.NET Core makes a lone scheme the default, and WebApplication then authenticates every request with it.
            AppContext.SetSwitch("Microsoft.AspNetCore.Authentication.SuppressAutoDefaultScheme", true);
            builder.Services.AddAuthentication().AddJwtBearer();
        }
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new StrictJwtHandler(sp.GetRequiredService<IOptions<TokenValidationOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<SigningKeyRefresh>();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<TokenValidationOptions>, TimeProvider, StrictJwtHandler, SigningKeyRefresh>((jwt, options, time, handler, keyRefresh) =>
                Configure(jwt, options.Value, time, handler, keyRefresh));
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton<AccessTokenValidator>();
        builder.Services.AddProblemDetails();
        return builder;
    }

    private static string? BearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : null;

    private static void Configure(JwtBearerOptions jwt, TokenValidationOptions options, TimeProvider time, StrictJwtHandler handler, SigningKeyRefresh keyRefresh)
    {
        var authority = options.Authority.TrimEnd('/');
        jwt.Authority = authority;
        jwt.MetadataAddress = $"{authority}/.well-known/openid-configuration";
        jwt.RequireHttpsMetadata = new Uri(authority).Scheme == Uri.UriSchemeHttps;
        jwt.MapInboundClaims = false;
        // Our own manager only to keep each JWK's declared alg (see PinnedKeysConfigurationRetriever). An unknown kid
        // refetches the JWKS at most every 10 s: key rotation is picked up quickly, while a flood of forged kids cannot
        // turn into a flood of requests to the provider.
        jwt.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
            jwt.MetadataAddress, new PinnedKeysConfigurationRetriever(),
            new HttpDocumentRetriever(new HttpClient { Timeout = jwt.BackchannelTimeout }) { RequireHttps = jwt.RequireHttpsMetadata })
        {
            RefreshInterval = TimeSpan.FromSeconds(10),
            AutomaticRefreshInterval = TimeSpan.FromMinutes(10),
        };
        jwt.TokenHandlers.Clear();
        jwt.TokenHandlers.Add(handler);
        jwt.TokenValidationParameters = CreateParameters(options);
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = context =>
            {
                // A token in a URL ends up in logs, browser history and Referer headers: refuse the request outright.
                if (context.Request.Query.ContainsKey("access_token"))
                {
                    context.HttpContext.Items[QueryTokenItem] = true;
                    context.Fail("Access tokens are accepted only in the Authorization header.");
                }
                return Task.CompletedTask;
            },
            OnTokenValidated = context =>
            {
                if (context.Principal?.Identity is ClaimsIdentity identity)
                {
                    KeycloakRoles.AddRealmRoles(identity);
                    TokenFacts.Record(Activity.Current, context.Principal, HttpStrategy, time.GetUtcNow());
                }
                return Task.CompletedTask;
            },
            OnAuthenticationFailed = async context =>
            {
                if (context.HttpContext.Items.ContainsKey(QueryTokenItem))
                {
                    return;
                }
                if (context.Exception is SecurityTokenSignatureKeyNotFoundException && BearerToken(context.Request) is { } token)
                {
                    var fresh = await keyRefresh.RevalidateAsync(token, context.Options, handler, context.HttpContext.RequestAborted);
                    if (fresh.IsValid)
                    {
                        KeycloakRoles.AddRealmRoles(fresh.ClaimsIdentity);
                        context.Principal = new ClaimsPrincipal(fresh.ClaimsIdentity);
                        TokenFacts.Record(Activity.Current, context.Principal, HttpStrategy, time.GetUtcNow());
                        context.Success();
                        return;
                    }
                    if (fresh.Exception is SigningKeysUnavailableException unavailable)
                    {
                        // Not a refusal: OnChallenge answers 503, as for any dependency that is down.
                        context.Fail(unavailable);
                        TokenFacts.RecordRejection(Activity.Current, HttpStrategy, TokenRejectionReason.KeysUnavailable);
                        return;
                    }
                }
                TokenFacts.RecordRejection(Activity.Current, HttpStrategy, TokenRejectionReason.From(context.Exception));
            },
            OnChallenge = context =>
            {
                if (context.HttpContext.Items.ContainsKey(QueryTokenItem))
                {
                    context.Error = "invalid_request";
                    context.ErrorDescription = "Access tokens are accepted only in the Authorization header.";
                }
                else if (context.AuthenticateFailure is SigningKeysUnavailableException)
                {
                    // The token may well be genuine: "unauthorized" would send the client to get a new one, which cannot
                    // help. 503 with Retry-After says what it is, a dependency that is down, as Orders and the gateway say it.
                    context.HandleResponse();
                    return new ServiceUnavailable("The identity provider is unavailable", $"{SigningKeysUnavailableException.Message} Nothing was done.",
                            SigningKeysUnavailableException.RetryAfter)
                        .ExecuteAsync(context.HttpContext);
                }
                else if (context.AuthenticateFailure is { } failure)
                {
                    // A fixed text per reason instead of IdentityModel's messages, which quote times and key ids.
                    context.Error = "invalid_token";
                    context.ErrorDescription = TokenRejectionReason.Describe(TokenRejectionReason.From(failure));
                }
                return Task.CompletedTask;
            },
            OnForbidden = context =>
            {
                var scopes = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<RequiredScopeMetadata>()?.Scopes;
                context.Response.Headers.WWWAuthenticate = scopes is null
                    ? "Bearer error=\"insufficient_scope\""
                    : $"Bearer error=\"insufficient_scope\", scope=\"{string.Join(' ', scopes)}\"";
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The rules every service applies, shared with <see cref="AccessTokenValidator"/> for tokens that arrive in messages.</summary>
    public static TokenValidationParameters CreateParameters(TokenValidationOptions options) => new()
    {
        ValidIssuer = options.Authority.TrimEnd('/'),
        ValidAudience = options.Audience,
        ValidAlgorithms = options.AllowedAlgorithms,
        AlgorithmValidator = AlgorithmPinning.Validate,
        // at+jwt is RFC 9068's type (OpenIddict); Keycloak's access tokens say JWT (AcceptJwtType), and then
        // AccessTokenClaims tells them from Keycloak's ID and refresh tokens. Anything else (a logout token) is refused.
        ValidTypes = options.AcceptJwtType ? ["at+jwt", "application/at+jwt", "JWT"] : ["at+jwt", "application/at+jwt"],
        ClockSkew = options.ClockSkew,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        NameClaimType = "preferred_username",
        RoleClaimType = KeycloakRoles.RoleClaimType,
    };
}
