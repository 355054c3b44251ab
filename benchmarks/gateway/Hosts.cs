using System.Net;
using System.Net.Sockets;
using TokenJourney.Gateway;

namespace TokenJourney.Benchmarks.Gateway;

/// <summary>The three servers of the benchmark, all in this process with the same Kestrel and logging setup.</summary>
internal static class Hosts
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static WebApplicationBuilder Builder(string url, Dictionary<string, string?>? settings = null)
    {
        // An empty content root: the Gateway's own appsettings.json (copied next to this program) must not leak in.
        var root = Directory.CreateTempSubdirectory("gateway-bench-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root, EnvironmentName = "Production" });
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddConsole();
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        return builder;
    }

    public static async Task<WebApplication> StartBackendAsync(int port)
    {
        var app = Builder($"http://127.0.0.1:{port}").Build();
        app.MapGet("/orders/{**rest}", () => Results.Text("{\"orders\":[]}", "application/json"));
        await app.StartAsync();
        return app;
    }

    private static Dictionary<string, string?> ProxySettings(int backendPort) => new()
    {
        ["ReverseProxy:Routes:orders:ClusterId"] = "orders",
        ["ReverseProxy:Routes:orders:Match:Path"] = "/api/orders/{**rest}",
        ["ReverseProxy:Routes:orders:Transforms:0:PathPattern"] = "/orders/{**rest}",
        ["ReverseProxy:Clusters:orders:Destinations:orders:Address"] = "http://orders",
        ["services:orders:http:0"] = $"http://127.0.0.1:{backendPort}",
    };

    /// <summary>YARP with the same routes and service discovery, no edge: the baseline.</summary>
    public static async Task<WebApplication> StartPlainYarpAsync(int port, int backendPort)
    {
        var builder = Builder($"http://127.0.0.1:{port}", ProxySettings(backendPort));
        builder.AddServiceDefaults();
        builder.AddGatewayProxy();
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync();
        return app;
    }

    /// <summary>The gateway as Program.cs composes it: edge validation, phantom tokens, deny-list in Redis, rate limit.</summary>
    public static async Task<WebApplication> StartFullGatewayAsync(int port, int backendPort, string authority, string redis)
    {
        var settings = ProxySettings(backendPort);
        settings["Identity:Authority"] = authority;
        settings["Identity:Audience"] = "gateway";
        settings["Identity:ClientId"] = "gateway";
        settings["Identity:ClientSecret"] = "gateway-secret";
        settings["ConnectionStrings:cache"] = redis;
        // One subject drives all the load here; the limiter still runs on every request, it just never says no.
        settings["Gateway:RateLimit:TokenLimit"] = "100000000";
        settings["Gateway:RateLimit:TokensPerSecond"] = "100000000";
        var builder = Builder($"http://127.0.0.1:{port}", settings);
        builder.AddServiceDefaults();
        builder.AddGateway();
        var app = builder.Build();
        app.UseAuthorization();
        app.MapGatewayProxy();
        await app.StartAsync();
        return app;
    }
}
