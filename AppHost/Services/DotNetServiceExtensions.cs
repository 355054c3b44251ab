using System.Runtime.InteropServices;
using TokenJourney.AppHost.Infrastructure;

namespace TokenJourney.AppHost.Services;

public static class DotNetServiceExtensions
{
    public const string HttpEndpoint = "http";

    /// <summary>
    /// Adds the service built from <typeparamref name="TProject"/> (a <c>Projects.*</c> type the Aspire SDK generates
    /// for each referenced project) with one plain-HTTP endpoint, proxyless so the service owns its port and answers
    /// the URL users type, Aspire's environment contract (OTLP, ASP.NET Core URLs, environment name), its own data
    /// folder and a <c>/health</c> check behind every <c>WaitFor</c>.
    /// </summary>
    public static IResourceBuilder<DotNetServiceResource> AddDotNetService<TProject>(
        this IDistributedApplicationBuilder builder, string name, RunSettings run, int port)
        where TProject : IProjectMetadata, new() =>
        builder.AddDotNetService<TProject, DotNetServiceResource>(name, run, port, (assembly, directory) => new(name, assembly, directory));

    /// <summary>The same, for a service with a resource type of its own (<paramref name="create"/> gets the assembly and its folder).</summary>
    public static IResourceBuilder<T> AddDotNetService<TProject, T>(this IDistributedApplicationBuilder builder, string name, RunSettings run, int port,
        Func<string, string, T> create)
        where TProject : IProjectMetadata, new()
        where T : DotNetServiceResource
    {
        var project = new TProject().ProjectPath;
        var service = builder.AddResource(create(RunnableAssembly(project, run.BuildConfiguration), Path.GetDirectoryName(project)!));
        return service
            .WithArgs(service.Resource.AssemblyPath)
            .WithHttpEndpoint(port: run.Port(name, port), name: HttpEndpoint, isProxied: false)
            .WithEnvironment("ASPNETCORE_URLS", service.GetEndpoint(HttpEndpoint))
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
            .WithEnvironment("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName)
            .WithEnvironment("Storage__DataDirectory", run.DataDirectory(name))
            // One line per entry reads well in the dashboard's console log; structured logs go there through OTLP.
            .WithEnvironment("Logging__Console__FormatterName", "simple")
            .WithEnvironment("Logging__Console__FormatterOptions__SingleLine", "true")
            .WithOtlpExporter()
            .WithProtocolHealthCheck(builder, service.GetEndpoint(HttpEndpoint), ProtocolProbes.HttpGet("/health"))
            .WithIconName("Code");
    }

    /// <summary>
    /// Sends the service's traces to the journey view as well (a second exporter in ServiceDefaults); the Aspire
    /// dashboard still gets everything.
    /// </summary>
    public static IResourceBuilder<T> WithJourneyExport<T>(this IResourceBuilder<T> service, IResourceBuilder<DotNetServiceResource> journey)
        where T : IResourceWithEnvironment =>
        service.WithEnvironment("JourneyView__OtlpEndpoint", journey.GetEndpoint(HttpEndpoint));

    /// <summary>
    /// Where the Aspire dashboard answers (<c>Dashboard__Url</c>), for pages that link to it. Read when the service starts,
    /// from the dashboard resource Aspire adds (its address can differ from the configured one: the test host
    /// randomizes it); nothing when the dashboard is off.
    /// </summary>
    public static IResourceBuilder<T> WithDashboardLink<T>(this IResourceBuilder<T> service)
        where T : IResourceWithEnvironment =>
        service.WithEnvironment(context =>
        {
            if (!context.ExecutionContext.IsRunMode)
            {
                return;
            }
            var model = context.ExecutionContext.Services.GetRequiredService<DistributedApplicationModel>();
            if (model.Resources.FirstOrDefault(r => r.Name == DashboardResourceName) is IResourceWithEndpoints dashboard
                && dashboard.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.UriScheme is "http" or "https") is { } endpoint)
            {
                context.EnvironmentVariables["Dashboard__Url"] = new EndpointReference(dashboard, endpoint);
            }
        });

    /// <summary>The name Aspire gives the dashboard's resource.</summary>
    public const string DashboardResourceName = "aspire-dashboard";

    /// <summary>
    /// The ReadyToRun copy AppHost's build publishes, unless a later build of the service alone (of its own code or
    /// of a project it references) made it stale; then the build output.
    /// </summary>
    private static string RunnableAssembly(string projectPath, string configuration)
    {
        var directory = Path.GetDirectoryName(projectPath)!;
        var output = Path.Combine(directory, "bin", configuration, "net10.0");
        var assembly = Path.Combine(output, Path.GetFileNameWithoutExtension(projectPath) + ".dll");
        var published = Path.Combine(output, RuntimeInformation.RuntimeIdentifier, "publish");
        var readyToRun = Path.Combine(published, Path.GetFileName(assembly));
        return File.Exists(readyToRun) && File.Exists(assembly) && NewestAssembly(published) >= NewestAssembly(output)
            ? readyToRun
            : assembly;
    }

    private static DateTime NewestAssembly(string directory) =>
        Directory.EnumerateFiles(directory, "*.dll").Max(File.GetLastWriteTimeUtc);
}
