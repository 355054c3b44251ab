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

    public void Follow(DistributedApplication app, IEnumerable<string> resources)
    {
        var service = app.Services.GetRequiredService<ResourceLoggerService>();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var name in resources)
        {
            // Logs are kept per running instance (DCP's name, e.g. "orders-x2k9"): watch through the model's resource.
            var resource = model.Resources.Single(r => r.Name == name);
            _ = Task.Run(async () =>
            {
                try
                {
                    await foreach (var batch in service.WatchAsync(resource).WithCancellation(_stop.Token))
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
            });
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
