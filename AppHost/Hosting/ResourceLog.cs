namespace TokenJourney.AppHost.Hosting;

public sealed record LogLine(DateTimeOffset Timestamp, string Resource, string Text, bool IsError);

/// <summary>
/// The recent output of one resource: a bounded ring, so a chatty service cannot grow AppHost's memory.
/// The console, the dashboard and a failing test's output all read from here.
/// </summary>
public sealed class ResourceLog(string resource, int capacity = 2000)
{
    private readonly Queue<LogLine> _lines = new();
    private readonly Lock _gate = new();

    public event Action<LogLine>? LineAdded;

    public void Add(string text, bool isError = false)
    {
        var line = new LogLine(DateTimeOffset.UtcNow, resource, text, isError);
        lock (_gate)
        {
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
        LineAdded?.Invoke(line);
    }

    public IReadOnlyList<LogLine> Snapshot()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }

    public override string ToString() => string.Join(Environment.NewLine, Snapshot().Select(l => l.Text));
}
