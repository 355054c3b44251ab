using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TokenJourney.Gateway.Edge;
using TokenJourney.Gateway.Proxy;
using TokenJourney.Gateway.Revocation;
using TokenJourney.Gateway.Telemetry;
using TokenJourney.Gateway.Tokens;
using TokenJourney.ServiceDefaults.Authentication;
using TokenJourney.ServiceDefaults.Infrastructure;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace TokenJourney.Gateway;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>The gateway's services, as Program.cs and the benchmark both compose them.</summary>
    public static IHostApplicationBuilder AddGateway(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient("cache");
        // JwtBearer serves only the gateway's own admin endpoints; proxied routes are decided by the edge middleware.
        builder.AddKeycloakJwtBearer(serviceName: "identity", realm: "tokenjourney", authenticateEveryRequest: false);
        builder.AddEdgeTokenHandling();
        builder.AddGatewayProxy();
        return builder;
    }

    /// <summary>Proxied routes: the edge decides on the token first, then YARP's usual steps.</summary>
    public static WebApplication MapGatewayProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(UnreachableBackend.AnswerAsync);
            proxy.UseMiddleware<EdgeAuthenticationMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }

    /// <summary>YARP from the <c>ReverseProxy</c> section, with destinations such as <c>http://orders</c> resolved by service discovery.</summary>
    public static IHostApplicationBuilder AddGatewayProxy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection(RouteTokenStrategies.SectionName));
        builder.Services.AddOptions<RouteTokenStrategies>().BindConfiguration(RouteTokenStrategies.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IDestinationResolver, ServiceDiscoveryDestinationResolver>();
        return builder;
    }

    /// <summary>Everything the edge needs to decide on a token; expects AddTokenValidation and AddRedisClient first.</summary>
    public static IHostApplicationBuilder AddEdgeTokenHandling(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EdgeOptions>().BindConfiguration(EdgeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GatewayClientOptions>().BindConfiguration(TokenValidationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSupportPolicy();
        services.AddHttpClient("identity");
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<GatewayMetrics>();

        services.AddSingleton(sp =>
        {
            var identity = sp.GetRequiredService<IOptions<TokenValidationOptions>>().Value;
            var edge = sp.GetRequiredService<IOptions<EdgeOptions>>().Value;
            var source = new HttpJwksSource(sp.GetRequiredService<IHttpClientFactory>().CreateClient("identity"), identity.Authority);
            return new JwksKeyCache(source, sp.GetRequiredService<TimeProvider>(),
                TimeSpan.FromSeconds(edge.JwksMinRefreshSeconds), TimeSpan.FromSeconds(edge.JwksMaxAgeSeconds), sp.GetRequiredService<GatewayMetrics>());
        });
        services.AddSingleton(sp => new JwtTokenValidator(
            sp.GetRequiredService<JwksKeyCache>(), sp.GetRequiredService<IOptions<TokenValidationOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITokenExchangeClient>(sp =>
        {
            var identity = sp.GetRequiredService<IOptions<TokenValidationOptions>>().Value;
            var client = sp.GetRequiredService<IOptions<GatewayClientOptions>>().Value;
            return new TokenExchangeClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient("identity"),
                $"{identity.Authority.TrimEnd('/')}/protocol/openid-connect/token", client.ClientId, client.ClientSecret);
        });
        services.AddSingleton<RedisTokenStore>();
        services.AddSingleton<IPhantomTokenStore>(sp => sp.GetRequiredService<RedisTokenStore>());
        services.AddSingleton<MirroredDenyList>();
        services.AddSingleton<IDenyList>(sp => sp.GetRequiredService<MirroredDenyList>());
        services.AddSingleton(sp => new VerifiedTokenMemo(sp.GetRequiredService<IOptions<EdgeOptions>>().Value.MemoEntries, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<EdgeTokenService>();
        services.AddSingleton(sp => new SubjectRateLimiter(sp.GetRequiredService<IOptions<EdgeOptions>>().Value.RateLimit, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new LogoutTokenValidator(
            sp.GetRequiredService<JwtTokenValidator>(), sp.GetRequiredService<IOptions<GatewayClientOptions>>().Value.ClientId));
        services.AddSingleton(sp => new TokenRevokedEventValidator(
            sp.GetRequiredService<JwtTokenValidator>(), sp.GetRequiredService<IOptions<GatewayClientOptions>>().Value.ClientId));

        // Says in /health what the edge does while Redis is away (see README: deny-list fails closed).
        services.AddHealthChecks().AddCheck<DenyListHealthCheck>("token-deny-list", HealthStatus.Unhealthy, ["ready"]);
        return builder;
    }

    private sealed class DenyListHealthCheck(IConnectionMultiplexer redis, IOptions<EdgeOptions> options) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(redis.IsConnected
                ? HealthCheckResult.Healthy()
                : options.Value.DenyListFailOpen
                    ? HealthCheckResult.Degraded("Redis is unreachable: revocations are not enforced (fail-open).")
                    : HealthCheckResult.Unhealthy("Redis is unreachable: authenticated requests are refused with 503 (fail-closed)."));
    }
}
