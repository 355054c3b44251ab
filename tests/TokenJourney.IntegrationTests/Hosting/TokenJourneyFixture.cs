using TokenJourney.AppHost.Hosting;
using TokenJourney.AppHost.Hosting.Resources;

[assembly: AssemblyFixture(typeof(TokenJourney.IntegrationTests.Hosting.TokenJourneyFixture))]

namespace TokenJourney.IntegrationTests.Hosting;

/// <summary>
/// One composed TokenJourney shared by every integration test: started once for the test assembly, torn down
/// at the end with nothing left running. Inject it into a test class's constructor.
/// </summary>
public sealed class TokenJourneyFixture : IAsyncLifetime
{
    private DistributedApplication? _app;
    private LogRecorder? _logRecorder;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The topology has not started.");

    /// <summary>The realm URL every token's <c>iss</c> must equal.</summary>
    public string Authority => ((IdentityProviderResource)App.GetResource("identity")).Authority;

    public Uri DashboardUrl => App.DashboardUrl ?? throw new InvalidOperationException("The dashboard is disabled.");

    public async ValueTask InitializeAsync()
    {
        await MachineSetup.EnsureInstalledAsync();
        _app = DistributedApplicationTestingBuilder.CreateTokenJourney().Build();
        _logRecorder = LogRecorder.FromEnvironment(_app.Resources.Select(r => r.Logs));
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await _app.StartAsync(timeout.Token);
        }
        catch (Exception e)
        {
            var logs = AllLogs(60);
            await _app.DisposeAsync();
            _app = null;
            throw new InvalidOperationException($"The TokenJourney topology did not start: {e.Message}{Environment.NewLine}{logs}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _logRecorder?.Dispose();
    }

    /// <summary>The http endpoint of a project resource (e.g. "gateway"), on whatever free port it got.</summary>
    public Uri Endpoint(string resource) => App.GetResource(resource) switch
    {
        ProjectResource project => project.HttpUrl,
        var other => throw new ArgumentException($"{other.Name} has no http endpoint.", nameof(resource)),
    };

    /// <summary>An HttpClient whose base address is the resource's endpoint.</summary>
    public HttpClient CreateHttpClient(string resource) =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = Endpoint(resource) };

    public string ConnectionString(string resource) => App.GetResource(resource) switch
    {
        IResourceWithConnectionString withConnectionString => withConnectionString.ConnectionString,
        var other => throw new ArgumentException($"{other.Name} has no connection string.", nameof(resource)),
    };

    public Task StopResourceAsync(string resource) => App.StopResourceAsync(resource);

    /// <summary>SIGKILL, for crash tests.</summary>
    public Task KillResourceAsync(string resource) => App.KillResourceAsync(resource);

    /// <summary>Starts a stopped resource on its same ports and returns once it is healthy again.</summary>
    public Task StartResourceAsync(string resource) => App.StartResourceAsync(resource, TestContext.Current.CancellationToken);

    /// <summary>The resource's data folder (its <c>Storage__DataDirectory</c>), e.g. where the identity provider keeps its keys.</summary>
    public string DataDirectory(string resource) => Path.Combine(App.Options.RunDirectory, "data", resource);

    public string Logs(string resource) => App.GetResource(resource).Logs.ToString();

    /// <summary>The last lines of every resource, for a failing test's output.</summary>
    public string AllLogs(int linesPerResource) => _app is null
        ? ""
        : string.Join(Environment.NewLine, _app.Resources.Select(r =>
            $"----- {r.Name} ({r.State}{(r.StateDetail is null ? "" : ": " + r.StateDetail)}) -----{Environment.NewLine}{r.Tail(linesPerResource)}"));
}
