using System.Collections.Concurrent;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace TokenJourney.IntegrationTests.Hosting;

/// <summary>
/// Every resource's console output, as the Aspire dashboard shows it, kept in a bounded buffer per resource so a
/// test can look for a line and a failing test can show what each resource said. Set TOKENJOURNEY_TEST_LOGS to a
/// folder to also keep every line in {folder}/{resource}.log, for failures that build up over minutes.
/// </summary>
public sealed class ResourceLogs(int maxLinesPerResource = 4000) : IDisposable
{
    public const string DirectoryVariable = "TOKENJOURNEY_TEST_LOGS";

    private readonly ConcurrentDictionary<string, Queue<string>> _lines = new();
    private readonly ConcurrentDictionary<string, StreamWriter> _files = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly string? _directory = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } d
        ? Directory.CreateDirectory(d).FullName
        : null;

    /// <remarks>
    /// Logs are kept per running instance (DCP's name, e.g. "orders-x2k9"), which exists only once the run has started:
    /// watching the model's resource before that watches its bare name, under which nothing is ever logged. So each
    /// instance is watched by its id as soon as a state change names it.
    /// </remarks>
    public void Follow(DistributedApplication app, IEnumerable<string> resources)
    {
        var service = app.Services.GetRequiredService<ResourceLoggerService>();
        var followed = resources.ToHashSet(StringComparer.Ordinal);
        _ = Task.Run(async () =>
        {
            var watched = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                await foreach (var change in app.ResourceNotifications.WatchAsync(_stop.Token))
                {
                    if (followed.Contains(change.Resource.Name) && watched.Add(change.ResourceId))
                    {
                        _ = WatchInstanceAsync(service, change.Resource.Name, change.ResourceId);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The run is over.
            }
        });
    }

    private async Task WatchInstanceAsync(ResourceLoggerService service, string name, string instance)
    {
        try
        {
            await foreach (var batch in service.WatchAsync(instance).WithCancellation(_stop.Token))
            {
                foreach (var line in batch)
                {
                    Add(name, line.IsErrorMessage ? "E " + line.Content : line.Content);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    public string Of(string resource)
    {
        if (!_lines.TryGetValue(resource, out var lines))
        {
            return "";
        }
        lock (lines)
        {
            return string.Join(Environment.NewLine, lines);
        }
    }

    public string Tail(string resource, int count)
    {
        if (!_lines.TryGetValue(resource, out var lines))
        {
            return "(no output)";
        }
        lock (lines)
        {
            return string.Join(Environment.NewLine, lines.Skip(Math.Max(0, lines.Count - count)));
        }
    }

    public IEnumerable<string> Resources => _lines.Keys.Order();

    private void Add(string resource, string line)
    {
        var lines = _lines.GetOrAdd(resource, _ => new Queue<string>());
        lock (lines)
        {
            lines.Enqueue(line);
            while (lines.Count > maxLinesPerResource)
            {
                lines.Dequeue();
            }
        }
        if (_directory is not null)
        {
            var file = _files.GetOrAdd(resource, r => new StreamWriter(Path.Combine(_directory, $"{r}.log"), append: true, Encoding.UTF8) { AutoFlush = true });
            lock (file)
            {
                file.WriteLine(line);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var file in _files.Values)
        {
            lock (file)
            {
                file.Dispose();
            }
        }
        _stop.Dispose();
    }
}
