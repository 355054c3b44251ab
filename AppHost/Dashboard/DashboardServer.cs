using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenJourney.AppHost.Hosting;

namespace TokenJourney.AppHost.Dashboard;

/// <summary>
/// The dashboard AppHost serves (Aspire's role): resources and the OTLP/HTTP receiver the services export to.
/// Placeholder by the lead so the orchestrator runs; the dashboard engineer owns and replaces this file.
/// </summary>
public static class DashboardServer
{
    public static async Task<IAsyncDisposable> StartAsync(DistributedApplication app, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://localhost:{port}");
        builder.Logging.ClearProviders();
        var web = builder.Build();
        web.MapPost("/v1/{signal}", () => Results.Ok());
        web.MapGet("/api/resources", () => app.Resources.Select(r => new { r.Name, State = r.State.ToString(), Health = r.Health.ToString(), Url = r.DisplayUrl }));
        await web.StartAsync(cancellationToken);
        return web;
    }
}
