using TokenJourney.AppHost.Hosting.Resources;

namespace TokenJourney.AppHost.Hosting;

/// <summary>What a person at the console sees: progress while starting, a resource table, prefixed log lines.</summary>
internal sealed class ConsoleReporter
{
    private static readonly string[] Colors = ["\u001b[36m", "\u001b[33m", "\u001b[35m", "\u001b[32m", "\u001b[34m", "\u001b[91m", "\u001b[96m", "\u001b[93m", "\u001b[95m"];
    private const string Reset = "\u001b[0m";

    private readonly DistributedApplication _app;
    private readonly bool _color = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;
    private readonly int _width;
    private readonly Lock _gate = new();

    public ConsoleReporter(DistributedApplication app)
    {
        _app = app;
        _width = Math.Max(app.Resources.Max(r => r.Name.Length), 9);
        Write($"TokenJourney AppHost: starting {app.Resources.Count} resources (run folder {app.Options.RunDirectory})");
        if (app.DashboardUrl is { } dashboard)
        {
            Write($"Dashboard: {dashboard}");
        }

        app.ResourceStateChanged += OnStateChanged;
        if (app.Options.WriteLogsToConsole)
        {
            for (var i = 0; i < app.Resources.Count; i++)
            {
                var prefix = Paint(app.Resources[i].Name.PadRight(_width) + " | ", Colors[i % Colors.Length]);
                app.Resources[i].Logs.LineAdded += line => Write(prefix + line.Text);
            }
        }
    }

    private void OnStateChanged(Resource resource)
    {
        var mark = resource.State switch
        {
            ResourceState.Running => Paint("✔", "\u001b[32m"),
            ResourceState.FailedToStart or ResourceState.Exited => Paint("✘", "\u001b[31m"),
            _ => "·",
        };
        var detail = resource.State == ResourceState.FailedToStart ? "" : resource.StateDetail is { } d ? $" ({d})" : "";
        Write($"{mark} {resource.Name.PadRight(_width)} {resource.State}{detail}");
    }

    public void PrintReady(TimeSpan elapsed)
    {
        var rows = _app.Resources.Select(r => (r.Name, State: r.State.ToString(), Health: r.Health.ToString(), Url: r.DisplayUrl ?? "")).ToList();
        if (_app.DashboardUrl is { } dashboard)
        {
            rows.Add(("dashboard", "Running", "Healthy", dashboard.ToString().TrimEnd('/')));
        }
        var nameWidth = Math.Max(rows.Max(r => r.Name.Length), 8);
        var lines = new List<string>
        {
            "",
            $"All resources are running ({elapsed.TotalSeconds:0.0} s). Press Ctrl+C to stop.",
            "",
            $"  {"RESOURCE".PadRight(nameWidth)}  {"STATE",-13}  {"HEALTH",-9}  URL",
        };
        lines.AddRange(rows.Select(r => $"  {r.Name.PadRight(nameWidth)}  {r.State,-13}  {r.Health,-9}  {r.Url}"));
        lines.Add("");
        Write(string.Join(Environment.NewLine, lines));
    }

    public void PrintStopping() => Write("Stopping every resource…");

    public void PrintFailure(string message) => Write(Paint("AppHost could not start the topology:", "\u001b[31m") + Environment.NewLine + message);

    private string Paint(string text, string color) => _color ? color + text + Reset : text;

    private void Write(string text)
    {
        lock (_gate)
        {
            Console.Out.WriteLine(text);
        }
    }
}
