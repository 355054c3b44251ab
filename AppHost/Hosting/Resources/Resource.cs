using TokenJourney.AppHost.Hosting.Processes;

namespace TokenJourney.AppHost.Hosting.Resources;

/// <summary>
/// A named part of the topology: something AppHost starts, watches and stops (a process), or an external
/// instance it only watches. Subclasses say how to start, stop and probe; this class keeps state and logs.
/// </summary>
public abstract class Resource(string name)
{
    private readonly List<Resource> _waitsFor = [];
    private readonly List<ChildProcess> _children = [];

    public string Name { get; } = name;
    public ResourceState State { get; private set; } = ResourceState.NotStarted;
    public string? StateDetail { get; private set; }
    public HealthStatus Health { get; internal set; } = HealthStatus.Unknown;
    public ResourceLog Logs { get; } = new(name);
    public IReadOnlyList<Resource> WaitsFor => _waitsFor;

    /// <summary>The operating-system processes this resource has alive right now (none for an external one).</summary>
    public IReadOnlyList<int> ProcessIds
    {
        get
        {
            lock (_children)
            {
                return [.. _children.Where(c => !c.HasExited).Select(c => c.Id)];
            }
        }
    }

    /// <summary>The address a person would open or a client would use; shown in the table and the dashboard.</summary>
    public abstract string? DisplayUrl { get; }

    /// <summary>An external instance is only probed: AppHost neither starts nor stops it.</summary>
    public virtual bool IsExternal => false;

    public event Action<Resource>? StateChanged;

    internal DistributedApplicationOptions Options { get; set; } = new();

    internal void AddWaitFor(Resource dependency) => _waitsFor.Add(dependency);

    internal void SetState(ResourceState state, string? detail = null)
    {
        State = state;
        StateDetail = detail;
        if (state is not ResourceState.Running)
        {
            Health = HealthStatus.Unknown;
        }
        StateChanged?.Invoke(this);
    }

    /// <summary>Called once, before anything starts: take ports, decide paths.</summary>
    protected internal virtual void Allocate(DistributedApplicationOptions options) => Options = options;

    /// <summary>Start the processes and return once they are ready; throw a <see cref="DistributedApplicationException"/> if they cannot be.</summary>
    protected internal abstract Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stop gracefully, or with SIGKILL when <paramref name="kill"/> is set.</summary>
    protected internal abstract Task StopAsync(bool kill);

    /// <summary>A cheap readiness probe (TCP for infrastructure, <c>/health</c> for projects).</summary>
    protected internal abstract Task<bool> IsHealthyAsync(CancellationToken cancellationToken);

    /// <summary>Raised by subclasses when a process they own ends without being asked to.</summary>
    protected void ReportUnexpectedExit(string process, int exitCode)
    {
        if (State is ResourceState.Running or ResourceState.Starting)
        {
            Logs.Add($"{process} exited unexpectedly with code {exitCode}", isError: true);
            SetState(ResourceState.Exited, $"{process} exited with code {exitCode}");
        }
    }

    protected Task<ChildProcess> StartProcessAsync(string label, ProcessSpec spec)
    {
        var task = ChildProcess.StartAsync(spec, (line, isError) => Logs.Add(line, isError));
        _ = task.ContinueWith(async t =>
        {
            if (t.IsCompletedSuccessfully)
            {
                var child = t.Result;
                lock (_children)
                {
                    _children.Add(child);
                }
                var code = await child.Exited;
                lock (_children)
                {
                    _children.Remove(child);
                }
                if (!_stopping)
                {
                    ReportUnexpectedExit(label, code);
                }
            }
        }, TaskScheduler.Default);
        return task;
    }

    private volatile bool _stopping;

    /// <summary>Marks the processes' coming exit as asked for, so it is not reported as a crash.</summary>
    protected internal void MarkStopping(bool stopping) => _stopping = stopping;

    /// <summary>Polls <see cref="IsHealthyAsync"/> until ready, failing fast when a process dies or time runs out.</summary>
    protected async Task WaitUntilReadyAsync(IEnumerable<ChildProcess> processes, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + Options.StartTimeout;
        var watched = processes.ToArray();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (watched.FirstOrDefault(p => p.HasExited) is { } dead)
            {
                throw new DistributedApplicationException(
                    $"{Name} exited with code {await dead.Exited} before it was ready. Its last lines:{Environment.NewLine}{Tail(15)}");
            }
            if (await IsHealthyAsync(cancellationToken))
            {
                return;
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new DistributedApplicationException(
                    $"{Name} was not ready after {Options.StartTimeout.TotalSeconds:0} s. Its last lines:{Environment.NewLine}{Tail(15)}");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    public string Tail(int lines) =>
        string.Join(Environment.NewLine, Logs.Snapshot().TakeLast(lines).Select(l => "  " + l.Text));
}
