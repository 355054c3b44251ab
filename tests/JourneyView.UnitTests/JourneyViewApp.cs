using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TokenJourney.JourneyView.UnitTests;

/// <summary>The journey view in process, with a dashboard URL as AppHost gives it; <see cref="Settings"/> add or override.</summary>
public sealed class JourneyViewApp : WebApplicationFactory<Program>
{
    public const string DashboardUrl = "http://localhost:18888";

    public Dictionary<string, string?> Settings { get; } = new() { ["Dashboard:Url"] = DashboardUrl };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client that sees redirects as they are, like a test of the HTTP surface needs.</summary>
    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>
    /// Serves on a real port and returns its base URL: the OTLP exporter sends synchronously, which the in-memory
    /// test server does not support.
    /// </summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        return ClientOptions.BaseAddress;
    }
}
