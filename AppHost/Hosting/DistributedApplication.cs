using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using TokenJourney.AppHost.Hosting.Resources;

namespace TokenJourney.AppHost.Hosting;

/// <summary>
/// A running topology: starts every resource once its dependencies are ready, watches health, stops and starts
/// single resources on request (the dashboard and the test host use the same operations), and stops
/// everything (in reverse dependency order) when asked, on Ctrl+C or SIGTERM.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RestartBackoff = TimeSpan.FromSeconds(10);
    private readonly Dictionary<string, DateTimeOffset> _lastRestart = new(StringComparer.Ordinal);

    private readonly CancellationTokenSource _shutdown = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly List<IAsyncDisposable> _companions = [];
    private FileStream? _runLock;
    private Task? _healthLoop;
    private bool _stopped;

    internal DistributedApplication(IReadOnlyList<Resource> resources, DistributedApplicationOptions options)
    {
        Resources = resources;
        Options = options;
    }

    public IReadOnlyList<Resource> Resources { get; }
    public DistributedApplicationOptions Options { get; }
    public Uri? DashboardUrl => Options.DashboardPort is { } port ? new Uri($"http://localhost:{port}") : null;

    /// <summary>Raised whenever any resource changes state (the console and the dashboard listen).</summary>
    public event Action<Resource>? ResourceStateChanged;

    public static DistributedApplicationBuilder CreateBuilder(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(a => a is not ("--ephemeral" or "--free-ports")).ToArray())
            .Build();

        var options = new DistributedApplicationOptions();
        configuration.GetSection("AppHost").Bind(options);
        options.Ephemeral |= args.Contains("--ephemeral");
        options.UseFreePorts |= args.Contains("--free-ports");
        return new DistributedApplicationBuilder(configuration, options);
    }

    public Resource GetResource(string name) =>
        Resources.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"No resource named '{name}'. Known: {string.Join(", ", Resources.Select(r => r.Name))}.", nameof(name));

    /// <summary>Starts everything; resources with no dependency between them start in parallel.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        TakeRunLock();
        foreach (var resource in Resources)
        {
            resource.StateChanged += r => ResourceStateChanged?.Invoke(r);
            if (resource is ProjectResource project && DashboardUrl is { } dashboard)
            {
                ExportTelemetryTo(project, dashboard);
            }
        }

        if (DashboardUrl is not null)
        {
            _companions.Add(await Dashboard.DashboardServer.StartAsync(this, Options.DashboardPort!.Value, _shutdown.Token));
        }

        var started = new Dictionary<Resource, Task>();
        Task StartInOrder(Resource resource)
        {
            if (!started.TryGetValue(resource, out var task))
            {
                var dependencies = resource.WaitsFor.Select(StartInOrder).ToArray();
                task = StartAfterAsync(resource, dependencies, cancellationToken);
                started[resource] = task;
            }
            return task;
        }

        var all = Resources.Select(StartInOrder).ToArray();
        try
        {
            await Task.WhenAll(all);
        }
        catch
        {
            var failures = Resources.Where(r => r.State == ResourceState.FailedToStart)
                .Select(r => $"{r.Name}: {r.StateDetail}").ToList();
            throw new DistributedApplicationException(failures.Count > 0
                ? "The topology did not start." + Environment.NewLine + string.Join(Environment.NewLine, failures)
                : "The topology did not start: " + all.First(t => t.IsFaulted).Exception?.GetBaseException().Message);
        }
        _healthLoop = WatchHealthAsync(_shutdown.Token);
    }

    private async Task StartAfterAsync(Resource resource, Task[] dependencies, CancellationToken cancellationToken)
    {
        if (dependencies.Length > 0)
        {
            resource.SetState(ResourceState.Waiting, "waiting for " + string.Join(", ", resource.WaitsFor.Select(d => d.Name)));
            try
            {
                await Task.WhenAll(dependencies);
            }
            catch
            {
                resource.SetState(ResourceState.FailedToStart, "a resource it waits for did not start");
                throw;
            }
        }
        await StartResourceCoreAsync(resource, cancellationToken);
    }

    private async Task StartResourceCoreAsync(Resource resource, CancellationToken cancellationToken)
    {
        resource.SetState(ResourceState.Starting);
        resource.MarkStopping(false);
        try
        {
            await resource.StartAsync(cancellationToken);
            resource.Health = HealthStatus.Healthy;
            resource.SetState(ResourceState.Running);
        }
        catch (Exception e)
        {
            var message = e is DistributedApplicationException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            resource.SetState(ResourceState.FailedToStart, message);
            resource.MarkStopping(true);
            await resource.StopAsync(kill: true);
            throw new DistributedApplicationException($"{resource.Name} failed to start: {message}", e);
        }
    }

    /// <summary>Stops one resource (gracefully, or SIGKILL when <paramref name="kill"/> is set); the others keep running.</summary>
    public async Task StopResourceAsync(string name, bool kill = false)
    {
        var resource = GetResource(name);
        await _lifecycle.WaitAsync();
        try
        {
            if (resource.IsExternal || resource.State is ResourceState.Stopped or ResourceState.NotStarted)
            {
                return;
            }
            resource.MarkStopping(true);
            resource.SetState(ResourceState.Stopping);
            await resource.StopAsync(kill);
            resource.SetState(ResourceState.Stopped, kill ? "killed (SIGKILL)" : null);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>SIGKILL: the crash a resilience test or demo wants.</summary>
    public Task KillResourceAsync(string name) => StopResourceAsync(name, kill: true);

    /// <summary>Starts a stopped resource again, on the same ports, and returns once it is ready.</summary>
    public async Task StartResourceAsync(string name, CancellationToken cancellationToken = default)
    {
        var resource = GetResource(name);
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (resource.State is ResourceState.Running or ResourceState.Starting || resource.IsExternal)
            {
                return;
            }
            if (resource.State is ResourceState.Exited or ResourceState.FailedToStart)
            {
                await resource.StopAsync(kill: true);
            }
            await StartResourceCoreAsync(resource, cancellationToken);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops every resource, dependents first, and the dashboard last.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        await _shutdown.CancelAsync();

        var stopped = new Dictionary<Resource, Task>();
        Task StopInOrder(Resource resource)
        {
            if (!stopped.TryGetValue(resource, out var task))
            {
                var dependents = Resources.Where(r => r.WaitsFor.Contains(resource)).Select(StopInOrder).ToArray();
                task = StopAfterAsync(resource, dependents);
                stopped[resource] = task;
            }
            return task;
        }
        await Task.WhenAll(Resources.Select(StopInOrder));

        foreach (var companion in _companions)
        {
            await companion.DisposeAsync();
        }
        if (_healthLoop is not null)
        {
            await _healthLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        ReleaseRunLock();
    }

    private async Task StopAfterAsync(Resource resource, Task[] dependents)
    {
        await Task.WhenAll(dependents);
        if (resource.IsExternal || resource.State is ResourceState.NotStarted or ResourceState.Stopped)
        {
            return;
        }
        resource.MarkStopping(true);
        resource.SetState(ResourceState.Stopping);
        try
        {
            await resource.StopAsync(kill: false);
        }
        finally
        {
            resource.SetState(ResourceState.Stopped);
        }
    }

    /// <summary>
    /// Runs until Ctrl+C or SIGTERM, printing progress and a resource table; returns the process exit code.
    /// </summary>
    public async Task<int> RunAsync()
    {
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        var console = new ConsoleReporter(this);

        var startedAt = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await StartAsync(stop.Token);
            console.PrintReady(startedAt.Elapsed);
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            console.PrintStopping();
            return 0;
        }
        catch (DistributedApplicationException e)
        {
            console.PrintFailure(e.Message);
            return 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            console.PrintStopping();
            return 130;
        }
        finally
        {
            await StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (Options.Ephemeral)
        {
            try
            {
                Directory.Delete(Options.RunDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A straggling file handle; the folder is in the temp directory and harmless.
            }
        }
    }

    private void ExportTelemetryTo(ProjectResource project, Uri dashboard)
    {
        var endpoint = dashboard.ToString().TrimEnd('/');
        project.SetEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", () => endpoint);
        project.SetEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", () => "http/protobuf");
        project.SetEnvironment("OTEL_SERVICE_NAME", () => project.Name);
        project.SetEnvironment("OTEL_RESOURCE_ATTRIBUTES", () => $"service.instance.id={project.Name}-{Environment.ProcessId}");
        // Aspire's development values: traces and logs show up within a second instead of five.
        project.SetEnvironment("OTEL_BSP_SCHEDULE_DELAY", () => "1000");
        project.SetEnvironment("OTEL_BLRP_SCHEDULE_DELAY", () => "1000");
        project.SetEnvironment("OTEL_METRIC_EXPORT_INTERVAL", () => "5000");
    }

    private async Task WatchHealthAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(HealthInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await RestartExitedProjectsAsync(cancellationToken);
                foreach (var resource in Resources.Where(r => r.State == ResourceState.Running))
                {
                    var healthy = await resource.IsHealthyAsync(cancellationToken);
                    if (resource.State == ResourceState.Running)
                    {
                        resource.Health = healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>
    /// A service process that exits on its own (a crash, or a service that gives up on a dependency and asks to be
    /// restarted) is started again, as an orchestrator's restart policy would; at most once per <see cref="RestartBackoff"/>.
    /// A resource stopped from the dashboard or a test is Stopped, not Exited, and stays down.
    /// </summary>
    private async Task RestartExitedProjectsAsync(CancellationToken cancellationToken)
    {
        foreach (var resource in Resources.OfType<ProjectResource>().Where(r => r.State == ResourceState.Exited))
        {
            var now = DateTimeOffset.UtcNow;
            if (_lastRestart.TryGetValue(resource.Name, out var last) && now - last < RestartBackoff)
            {
                continue;
            }
            _lastRestart[resource.Name] = now;
            resource.Logs.Add($"restarting {resource.Name} after it exited ({resource.StateDetail})", isError: true);
            try
            {
                await StartResourceAsync(resource.Name, cancellationToken);
            }
            catch (DistributedApplicationException e)
            {
                resource.Logs.Add($"restart failed: {e.Message}", isError: true);
            }
        }
    }

    /// <summary>Two AppHosts on one run folder would share data files and corrupt both: the second one is refused.</summary>
    private void TakeRunLock()
    {
        try
        {
            _runLock = new FileStream(Path.Combine(Options.RunDirectory, "apphost.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new DistributedApplicationException(
                $"Another AppHost is running on {Options.RunDirectory}. Stop it, or start this one with --ephemeral.");
        }
    }

    private void ReleaseRunLock()
    {
        _runLock?.Dispose();
        _runLock = null;
    }
}
