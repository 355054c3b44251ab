using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using TokenJourney.Gateway.Edge;
using TokenJourney.Gateway.Telemetry;

namespace TokenJourney.Gateway.Revocation;

/// <summary>A support engineer's revocation: a token id, a session id, or both.</summary>
public sealed record RevocationRequest(string? Jti, string? Sid, int? TtlSeconds);

public static class RevocationEndpoints
{
    public const string SupportPolicy = "support";

    public static IServiceCollection AddSupportPolicy(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(SupportPolicy, policy => policy
                .AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireRole("support"))
            .Services;

    public static WebApplication MapRevocationEndpoints(this WebApplication app)
    {
        // The IdP's back-channel logout (relative URL /backchannel-logout in the realm): deny-lists the session.
        app.MapPost("/backchannel-logout", async (HttpContext context, LogoutTokenValidator validator, IDenyList denyList,
            IOptions<EdgeOptions> options, GatewayMetrics metrics, ILoggerFactory loggers) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            if (IsSecurityEvent(context.Request))
            {
                // The same URL receives the IdP's token-revoked events (RFC 8935 push, not a form).
                return await TokenRevokedAsync(context, denyList, metrics, loggers);
            }
            if (!context.Request.HasFormContentType)
            {
                return Results.BadRequest(new { error = "invalid_request" });
            }
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var (token, reason) = await validator.ValidateAsync(form["logout_token"], context.RequestAborted);
            if (token is null)
            {
                metrics.Decision("rejected", reason, "logout", "none");
                loggers.CreateLogger("TokenJourney.Gateway.BackchannelLogout").LogWarning("Refused a back-channel logout token: {Reason}", reason);
                return Results.BadRequest(new { error = "invalid_request" });
            }
            try
            {
                await denyList.DenySessionAsync(token.Sid!, TimeSpan.FromSeconds(options.Value.SessionDenySeconds));
            }
            catch (SharedStoreUnavailableException)
            {
                metrics.SharedStoreFailure("deny_session");
                // 5xx tells the IdP the logout did not land, so it can retry (spec §2.8).
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            metrics.Decision("accepted", "session_logout", "logout", "none");
            return Results.Ok();
        }).DisableAntiforgery().AllowAnonymous();

        var admin = app.MapGroup("/admin").RequireAuthorization(SupportPolicy);

        admin.MapPost("/revocations", async (RevocationRequest revocation, IDenyList denyList, IOptions<EdgeOptions> options, GatewayMetrics metrics) =>
        {
            if (string.IsNullOrWhiteSpace(revocation.Jti) && string.IsNullOrWhiteSpace(revocation.Sid))
            {
                return Results.BadRequest(new { error = "invalid_request", error_description = "Give a jti, a sid, or both." });
            }
            try
            {
                if (!string.IsNullOrWhiteSpace(revocation.Jti))
                {
                    var ttl = TimeSpan.FromSeconds(Math.Clamp(revocation.TtlSeconds ?? options.Value.TokenDenySeconds, 60, 604_800));
                    await denyList.DenyTokenAsync(revocation.Jti, ttl);
                }
                if (!string.IsNullOrWhiteSpace(revocation.Sid))
                {
                    var ttl = TimeSpan.FromSeconds(Math.Clamp(revocation.TtlSeconds ?? options.Value.SessionDenySeconds, 60, 604_800));
                    await denyList.DenySessionAsync(revocation.Sid, ttl);
                }
            }
            catch (SharedStoreUnavailableException)
            {
                metrics.SharedStoreFailure("deny_admin");
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }
            return Results.NoContent();
        });

        admin.MapGet("/token-stats", (GatewayMetrics metrics) => Results.Ok(metrics.Snapshot()));
        return app;
    }

    private static bool IsSecurityEvent(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/secevent+jwt", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An access token revoked at the IdP: if it is an opaque token this gateway resolved, the JWT it resolved to (shared
    /// cache) is deny-listed by jti until it expires, so every instance refuses the opaque token on its next request
    /// although its memo still holds it. A token never resolved here needs nothing: its next resolution is refused.
    /// </summary>
    private static async Task<IResult> TokenRevokedAsync(HttpContext context, IDenyList denyList, GatewayMetrics metrics, ILoggerFactory loggers)
    {
        var services = context.RequestServices;
        string body;
        using (var reader = new StreamReader(context.Request.Body))
        {
            var buffer = new char[16 * 1024 + 1];
            var read = await reader.ReadBlockAsync(buffer, context.RequestAborted);
            if (read > 16 * 1024)
            {
                return Results.BadRequest(new { err = "invalid_request" });
            }
            body = new string(buffer, 0, read);
        }
        var (hash, reason) = await services.GetRequiredService<TokenRevokedEventValidator>().ValidateAsync(body.Trim(), context.RequestAborted);
        if (hash is null)
        {
            metrics.Decision("rejected", reason, "revocation_event", "none");
            loggers.CreateLogger("TokenJourney.Gateway.BackchannelLogout").LogWarning("Refused a token revocation event: {Reason}", reason);
            // RFC 8935 2.3: 400 with an error code.
            return Results.BadRequest(new { err = "invalid_request" });
        }
        try
        {
            if (await services.GetRequiredService<IPhantomTokenStore>().GetAsync(hash) is { } resolved &&
                new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(resolved) is { Id: { Length: > 0 } jti } jwt)
            {
                var left = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero) - services.GetRequiredService<TimeProvider>().GetUtcNow();
                if (left > TimeSpan.Zero)
                {
                    await denyList.DenyTokenAsync(jti, left);
                }
            }
        }
        catch (SharedStoreUnavailableException)
        {
            metrics.SharedStoreFailure("deny_revoked");
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        metrics.Decision("accepted", "token_revoked", "revocation_event", "none");
        return Results.Accepted();
    }
}
