using TokenJourney.AppHost.Hosting;

namespace TokenJourney.IntegrationTests.Hosting;

/// <summary>
/// Writes every line of every resource, from the start, to <c>{directory}/{resource}.log</c>: the fixture keeps only
/// a bounded tail in memory, which is not enough to diagnose a failure that builds up over minutes. Enabled by the
/// TOKENJOURNEY_TEST_LOGS environment variable (the directory to write to).
/// </summary>
public sealed class LogRecorder : IDisposable
{
    public const string EnvironmentVariable = "TOKENJOURNEY_TEST_LOGS";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, StreamWriter> _writers = [];
    private readonly string _directory;
    private bool _disposed;

    private LogRecorder(string directory, IEnumerable<ResourceLog> logs)
    {
        _directory = Directory.CreateDirectory(directory).FullName;
        foreach (var log in logs)
        {
            log.LineAdded += Write;
        }
    }

    public static LogRecorder? FromEnvironment(IEnumerable<ResourceLog> logs) =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } directory ? new LogRecorder(directory, logs) : null;

    private void Write(LogLine line)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            if (!_writers.TryGetValue(line.Resource, out var writer))
            {
                writer = new StreamWriter(Path.Combine(_directory, $"{line.Resource}.log"), append: true) { AutoFlush = true };
                _writers[line.Resource] = writer;
            }
            writer.WriteLine($"{line.Timestamp:HH:mm:ss.fff} {(line.IsError ? "E" : " ")} {line.Text}");
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var writer in _writers.Values)
            {
                writer.Dispose();
            }
            _writers.Clear();
        }
    }
}
