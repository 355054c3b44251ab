using System.Diagnostics;
using Microsoft.Extensions.Options;
using TokenJourney.Gateway.Proxy;
using TokenJourney.Gateway.Revocation;
using TokenJourney.Gateway.Telemetry;
using TokenJourney.Gateway.Tokens;
using TokenJourney.ServiceDefaults;
using Yarp.ReverseProxy.Model;

namespace TokenJourney.Gateway.Edge;

/// <summary>
/// Runs in YARP's pipeline, so only proxied routes pay for it and nothing reaches a backend unverified:
/// hygiene → bearer token → decision (memo / JWT / phantom) → deny-list → rate limit → the route's token strategy
/// (forward it, take its embedded token, or exchange it) → route scopes → that JWT replaces whatever the client sent.
/// Each decision is tagged on the request span (the strategy and facts of the token that goes on) and counted.
/// </summary>
public sealed class EdgeAuthenticationMiddleware(
    RequestDelegate next,
    EdgeTokenService tokens,
    IDenyList denyList,
    SubjectRateLimiter rateLimiter,
    GatewayMetrics metrics,
    IOptions<EdgeOptions> options,
    IOptions<RouteTokenStrategies> strategies,
    TimeProvider time)
{
    public const string RequiredScopesMetadata = "RequiredScopes";

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        RequestHygiene.StripSpoofableHeaders(request.Headers);
        var span = Activity.Current;

        if (RequestHygiene.CarriesTokenOutsideHeader(request))
        {
            Record(span, "rejected", "token_outside_header", "none", "none");
            await BearerChallenge.InvalidRequestAsync(context, "Access tokens are accepted only in the Authorization header");
            return;
        }

        switch (RequestHygiene.ReadAuthorization(request, out var token))
        {
            case AuthorizationHeader.Missing:
                Record(span, "rejected", "missing", "none", "none");
                await BearerChallenge.MissingAsync(context);
                return;
            case AuthorizationHeader.Invalid:
                Record(span, "rejected", "invalid_request", "none", "none");
                await BearerChallenge.InvalidRequestAsync(context, "The Authorization header must carry exactly one Bearer token");
                return;
        }

        var decision = await tokens.DecideAsync(token!, context.RequestAborted);
        if (decision.Outcome == TokenOutcome.Unavailable)
        {
            Record(span, "unavailable", decision.Reason, decision.Strategy, decision.Cache);
            await UnavailableAsync(context, decision.Reason);
            return;
        }
        if (decision.Outcome == TokenOutcome.Rejected)
        {
            Record(span, "rejected", decision.Reason, decision.Strategy, decision.Cache);
            await BearerChallenge.InvalidTokenAsync(context, decision.Reason);
            return;
        }

        var verified = decision.Token!;
        Describe(span, verified);
        try
        {
            if (await denyList.IsDeniedAsync(verified.Jti, verified.Sid))
            {
                Record(span, "rejected", "revoked", verified.Strategy, decision.Cache);
                await BearerChallenge.InvalidTokenAsync(context, "revoked");
                return;
            }
        }
        catch (SharedStoreUnavailableException)
        {
            metrics.SharedStoreFailure("deny_check");
            if (!options.Value.DenyListFailOpen)
            {
                // Fail closed: a revoked token must never pass because Redis is down.
                Record(span, "unavailable", "denylist_unavailable", verified.Strategy, decision.Cache);
                await UnavailableAsync(context, "denylist_unavailable");
                return;
            }
        }

        if (rateLimiter.TryAcquire(verified.RateLimitPartition) is { } retryAfter)
        {
            Record(span, "rejected", "rate_limited", verified.Strategy, decision.Cache);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return;
        }

        var route = strategies.Value.For(context.Features.Get<IReverseProxyFeature>()?.Route.Config.RouteId ?? "");
        var forwarded = verified;
        var cache = decision.Cache;
        if (route.Strategy != TokenStrategy.Forward)
        {
            var audience = route.Audience!;
            var routeDecision = route.Strategy == TokenStrategy.Embed
                ? await tokens.TakeEmbeddedAsync(verified, audience, context.RequestAborted)
                : await tokens.ExchangeForAsync(token!, verified, audience, context.RequestAborted);
            switch (routeDecision.Outcome)
            {
                case TokenOutcome.Unavailable:
                    Record(span, "unavailable", routeDecision.Reason, routeDecision.Strategy, routeDecision.Cache);
                    await UnavailableAsync(context, routeDecision.Reason);
                    return;
                case TokenOutcome.Rejected:
                    Record(span, "rejected", routeDecision.Reason, routeDecision.Strategy, routeDecision.Cache);
                    await BearerChallenge.RouteTokenRefusedAsync(context, routeDecision.Reason, audience);
                    return;
            }
            forwarded = routeDecision.Token!;
            cache = routeDecision.Cache;
            Describe(span, forwarded);
        }

        var required = RequiredScopes(context);
        if (required.Length > 0 && !required.All(forwarded.Scopes.Contains))
        {
            Record(span, "rejected", "insufficient_scope", forwarded.Strategy, cache);
            await BearerChallenge.InsufficientScopeAsync(context, required);
            return;
        }

        Record(span, "accepted", "ok", forwarded.Strategy, cache);
        request.Headers.Authorization = forwarded.ForwardAuthorization;
        await next(context);
    }

    private void Describe(Activity? span, VerifiedToken token)
    {
        if (span is null)
        {
            return;
        }
        span.SetTag(TokenJourneyTelemetry.Tags.Audience, token.Audience);
        span.SetTag(TokenJourneyTelemetry.Tags.Scope, token.Scope);
        span.SetTag(TokenJourneyTelemetry.Tags.ClientId, token.ClientId);
        span.SetTag(TokenJourneyTelemetry.Tags.JtiHash, token.JtiHash);
        span.SetTag(TokenJourneyTelemetry.Tags.SecondsLeft, (long)(token.Expires - time.GetUtcNow()).TotalSeconds);
    }

    private void Record(Activity? span, string outcome, string reason, string strategy, string cache)
    {
        metrics.Decision(outcome, reason, strategy, cache);
        if (span is null)
        {
            return;
        }
        span.SetTag(TokenJourneyTelemetry.Tags.Outcome, outcome);
        span.SetTag(TokenJourneyTelemetry.Tags.Reason, reason);
        span.SetTag(TokenJourneyTelemetry.Tags.Strategy, strategy);
        span.SetTag("token.cache", cache);
    }

    private static string[] RequiredScopes(HttpContext context)
    {
        var metadata = context.Features.Get<IReverseProxyFeature>()?.Route.Config.Metadata;
        return metadata is not null && metadata.TryGetValue(RequiredScopesMetadata, out var scopes)
            ? scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : [];
    }

    /// <summary>503 with <c>Retry-After</c> and a fixed text per reason: the gateway could not decide, so it did not guess.</summary>
    private static Task UnavailableAsync(HttpContext context, string reason)
    {
        var (title, detail) = reason switch
        {
            "denylist_unavailable" => ("Revocations cannot be checked",
                "The gateway cannot read its revocation list (Redis is unreachable), so it refuses every token rather than let a revoked one through."),
            "idp_unavailable" => ("The identity provider is unavailable", "The gateway could not resolve this token at the identity provider."),
            _ => ("Signing keys are unavailable", "The gateway could not fetch the identity provider's signing keys to check this token."),
        };
        return ServiceUnavailable.WriteAsync(context, title, detail);
    }
}
