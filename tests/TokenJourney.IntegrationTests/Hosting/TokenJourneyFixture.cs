using System.Collections.Concurrent;
using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

[assembly: AssemblyFixture(typeof(TokenJourney.IntegrationTests.Hosting.TokenJourneyFixture))]

namespace TokenJourney.IntegrationTests.Hosting;

/// <summary>
/// One composed TokenJourney shared by every integration test: AppHost's own Program started through
/// Aspire.Hosting.Testing, on free ports and in a throw-away run folder, with the Aspire dashboard on (the browser tests
/// drive it). Torn down at the end with nothing left running. Inject it into a test class's constructor.
/// </summary>
public sealed class TokenJourneyFixture : IAsyncLifetime
{
    /// <summary>What AppHost declares; the fixture waits for each to be healthy before any test runs.</summary>
    public static readonly string[] Resources =
        ["cache", "messaging", "messaging-epmd", "identity", "journey", "inventory", "shipping", "orders", "gateway", "storefront"];

    /// <summary>The snapshot property holding an executable's process id (Aspire's KnownProperties is internal).</summary>
    public const string PidProperty = "executable.pid";

    /// <summary>
    /// The identity provider's admin Basic credential (Identity:AdminUsername/AdminPassword) for this run: AppHost sets
    /// none, so the key-rotation tests give the provider one to try the admin path.
    /// </summary>
    public const string AdminUsername = "operator";
    public string AdminPassword { get; } = Guid.NewGuid().ToString("N");

    /// <summary>
    /// How long Inventory holds a reservation its order never confirmed (Inventory:Holds:Window; 5 minutes by default),
    /// short here so tests can watch a hold expire; Inventory sweeps every <see cref="HoldSweepInterval"/>.
    /// </summary>
    public static readonly TimeSpan HoldWindow = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan HoldSweepInterval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();
    private readonly CancellationTokenSource _stopWatching = new();
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The system has not started.");

    private readonly ResourceLogs _logs = new();

    /// <summary>This run's data: <c>data/{resource}</c> per service, Redis and RabbitMQ folders, the provider's keys.</summary>
    public string RunDirectory { get; } = Directory.CreateTempSubdirectory("tokenjourney-test-").FullName;

    /// <summary>The realm URL every token's <c>iss</c> must equal.</summary>
    public string Authority => $"{Endpoint("identity").ToString().TrimEnd('/')}/realms/tokenjourney";

    /// <summary>
    /// The Aspire dashboard of this run (anonymous access: a local, throw-away test run), where it really answers: the
    /// test host randomizes every proxied port (DcpPublisher:RandomizePorts), the dashboard's included, so the URL AppHost
    /// is configured with is only where the dashboard process listens behind DCP's proxy.
    /// </summary>
    public Uri DashboardUrl => Endpoint("aspire-dashboard");

    public async ValueTask InitializeAsync()
    {
        await MachineSetup.EnsureInstalledAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [
                "AppHost:FreePorts=true",
                $"AppHost:RunDirectory={RunDirectory}",
                $"ASPNETCORE_URLS=http://localhost:{TokenJourney.AppHost.RunSettings.FreePort()}",
                $"ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:{TokenJourney.AppHost.RunSettings.FreePort()}",
                "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
                "ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
            ],
            (options, _) => options.DisableDashboard = false,
            timeout.Token);
        builder.Services.AddLogging(logging => logging.AddFilter("Aspire.Hosting", LogLevel.Warning));
        // The test listener's webhook client exists only in test runs: the default run never lets a user point
        // callbacks at this machine's ports.
        builder.Resources.Single(r => r.Name == "orders").Annotations.Add(new EnvironmentCallbackAnnotation(context =>
        {
            foreach (var (key, value) in Ordering.TestCallbackClient.OrdersEnvironment())
            {
                context.EnvironmentVariables[key] = value;
            }
        }));
        builder.CreateResourceBuilder<IResourceWithEnvironment>("inventory")
            .WithEnvironment("Inventory__Holds__Window", HoldWindow.ToString())
            .WithEnvironment("Inventory__Holds__SweepInterval", HoldSweepInterval.ToString());
        builder.CreateResourceBuilder<IResourceWithEnvironment>("identity")
            .WithEnvironment("Identity__AdminUsername", AdminUsername)
            .WithEnvironment("Identity__AdminPassword", AdminPassword)
            // The provider's Debug lines too (one per token exchange, among others): the secret-hygiene test reads them all.
            .WithEnvironment("Logging__LogLevel__TokenJourney.Identity", "Debug");
        _app = await builder.BuildAsync(timeout.Token);
        _ = WatchStatesAsync(_app, _stopWatching.Token);
        try
        {
            await _app.StartAsync(timeout.Token);
            // Only once started do resources have the instance names their logs are kept under (the backlog is replayed).
            _logs.Follow(_app, Resources);
            await Task.WhenAll(Resources.Select(r => _app.ResourceNotifications.WaitForResourceHealthyAsync(r, timeout.Token)));
        }
        catch (Exception e)
        {
            var logs = AllLogs(60);
            await DisposeAsync();
            throw new InvalidOperationException($"TokenJourney did not start: {e.Message}{System.Environment.NewLine}{logs}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
        await _stopWatching.CancelAsync();
        _logs.Dispose();
        try
        {
            Directory.Delete(RunDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A process still closing a file: the temp folder goes with the machine.
        }
    }

    private async Task WatchStatesAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in app.ResourceNotifications.WatchAsync(cancellationToken))
            {
                _latest[change.Resource.Name] = change;
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    /// <summary>The resource's latest snapshot: state, health, exit code, process id, environment.</summary>
    public CustomResourceSnapshot Snapshot(string resource) =>
        _latest.TryGetValue(resource, out var change) ? change.Snapshot : throw new ArgumentException($"No state seen for '{resource}'.", nameof(resource));

    public string? State(string resource) => Snapshot(resource).State?.Text;

    /// <summary>The id of the process the orchestrator runs for the resource right now.</summary>
    public int ProcessId(string resource) =>
        Pid(Snapshot(resource)) ?? throw new InvalidOperationException($"{resource} has no process id; it is {State(resource)}.");

    /// <summary>The process id a snapshot names, if its resource runs one now.</summary>
    public static int? Pid(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == PidProperty)?.Value switch
        {
            int pid => pid,
            long pid => (int)pid,
            string text when int.TryParse(text, out var pid) => pid,
            _ => null,
        };

    /// <summary>An environment variable as the orchestrator gave it to the resource's process.</summary>
    public string Environment(string resource, string name) =>
        Snapshot(resource).EnvironmentVariables.FirstOrDefault(e => e.Name == name)?.Value
        ?? throw new ArgumentException($"{resource} has no environment variable {name}.", nameof(name));

    /// <summary>The http endpoint of a service (e.g. "gateway"), on whatever free port it got.</summary>
    public Uri Endpoint(string resource, string endpoint = "http") => App.GetEndpoint(resource, endpoint);

    /// <summary>
    /// A plain HttpClient on the resource's endpoint: no retries (Aspire's default client retries 5xx and 429, which
    /// would hide the status codes tests check), no redirects followed, no proxy.
    /// </summary>
    public HttpClient CreateHttpClient(string resource) =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = Endpoint(resource) };

    public string ConnectionString(string resource) =>
        App.GetConnectionStringAsync(resource).AsTask().GetAwaiter().GetResult()
        ?? throw new ArgumentException($"{resource} has no connection string.", nameof(resource));

    /// <summary>A confidential client's secret, from the realm file AppHost gives the provider.</summary>
    public string ClientSecret(string clientId) => Realm.Value.ClientSecret(clientId);

    private static readonly Lazy<TokenJourney.AppHost.Identity.RealmFile> Realm = new(() =>
        TokenJourney.AppHost.Identity.RealmFile.Read(Path.Combine(MachineSetup.RepositoryRoot, "keycloak-realm", "tokenjourney-realm.json")));

    public string DataDirectory(string resource) => Path.Combine(RunDirectory, "data", resource);

    /// <summary>Stops the resource through Aspire's Stop command (as the dashboard's button does) and waits until it has.</summary>
    public async Task StopResourceAsync(string resource)
    {
        // A service still starting (restarted after an earlier test's SIGKILL) can die of the stop signal before .NET
        // handles it; DCP then reports exit code -1, which the restart policy cannot tell from a crash, and the service
        // comes back in the middle of a test that needs it down (seen once). Stopping what runs is what the test means.
        await WaitUntilHealthyAsync(resource);
        await ExecuteAsync(resource, KnownResourceCommands.StopCommand);
        await App.ResourceNotifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text is { } s && KnownResourceStates.TerminalStates.Contains(s), Cancellation)
            .WaitAsync(TimeSpan.FromSeconds(60), Cancellation);
    }

    /// <summary>Starts a stopped resource through Aspire's Start command and returns once it is healthy again.</summary>
    public async Task StartResourceAsync(string resource)
    {
        await ExecuteAsync(resource, KnownResourceCommands.StartCommand);
        await WaitUntilHealthyAsync(resource);
    }

    /// <summary>A crash: SIGKILL to the resource's process, no chance to clean up. Returns the killed process id.</summary>
    public int KillResource(string resource)
    {
        var pid = ProcessId(resource);
        Process.GetProcessById(pid).Kill();
        return pid;
    }

    public Task WaitUntilHealthyAsync(string resource, TimeSpan? timeout = null) =>
        App.ResourceNotifications.WaitForResourceAsync(resource,
                e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
                Cancellation)
            .WaitAsync(timeout ?? TimeSpan.FromSeconds(120), Cancellation);

    private async Task ExecuteAsync(string resource, string command)
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        var result = await commands.ExecuteCommandAsync(App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource), command, Cancellation);
        if (!result.Success)
        {
            throw new InvalidOperationException($"{command} on {resource} failed: {result.Message}");
        }
    }

    /// <summary>What the resource has written to its console so far (the last few thousand lines).</summary>
    public string Logs(string resource) => _logs.Of(resource);

    /// <summary>The last lines of every resource, for a failing test's output.</summary>
    public string AllLogs(int linesPerResource) => string.Join(System.Environment.NewLine, Resources.Select(r =>
        $"----- {r} ({(_latest.TryGetValue(r, out var e) ? $"{e.Snapshot.State?.Text}, {e.Snapshot.HealthStatus}" : "no state")}) -----{System.Environment.NewLine}{_logs.Tail(r, linesPerResource)}"));

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

}
