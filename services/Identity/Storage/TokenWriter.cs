using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace TokenJourney.Identity.Storage;

/// <summary>
/// The one writer of token rows: a single SQLite connection and a loop that takes every statement queued meanwhile and
/// runs them in one transaction (group commit). Each caller awaits the commit of its own statement, so a token is never
/// answered to a client before its row is committed (to the write-ahead log with synchronous=NORMAL, as every connection
/// of the provider's store: it survives the process crashing).
/// Why not one connection per request: concurrent refreshes each opened a write transaction, and SQLite lets one in at
/// a time; the others slept in the busy handler (1 to 100 ms, growing), which made the long tail of the refresh grant.
/// Why not a lock in front of SQLite: a preempted holder stalled every writer behind it; here the writer never waits
/// for a request, and a batch costs one commit however many requests it serves.
/// </summary>
public sealed class TokenWriter : IAsyncDisposable
{
    /// <summary>A bound on one transaction, so a burst does not hold the write lock for long against EF Core's writers.</summary>
    private const int MaxBatch = 256;

    private readonly Channel<Write> queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection connection;
    private readonly Dictionary<string, SqliteCommand> prepared = new(StringComparer.Ordinal);
    private readonly Thread thread;

    public TokenWriter(IdentityDatabase database)
    {
        connection = new SqliteConnection(database.ConnectionString);
        connection.Open();
        using (var settings = connection.CreateCommand())
        {
            // As every other connection of the file (ServiceDefaults): NORMAL keeps each commit through a process crash in
            // WAL mode; the busy timeout covers EF Core's own writes (authorizations, revocations) holding the lock.
            settings.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
            settings.ExecuteNonQuery();
        }
        // A thread of its own: SQLite's calls block, and the thread pool of a 2-core machine is small.
        thread = new Thread(Run) { IsBackground = true, Name = "Token writer" };
        thread.Start();
    }

    /// <summary>
    /// Runs one statement in the next group commit; answers the rows it changed once that commit is done. Not
    /// cancellable: a queued statement is committed or fails with its batch, whether or not its request is still waiting.
    /// </summary>
    public Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        var write = new Write(sql, parameters);
        if (!queue.Writer.TryWrite(write))
        {
            throw new ObjectDisposedException(nameof(TokenWriter));
        }
        return write.Done.Task;
    }

    private void Run()
    {
        var batch = new List<Write>(MaxBatch);
        while (queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }
            Commit(batch);
            batch.Clear();
        }
    }

    /// <summary>
    /// One transaction for the whole batch. A statement that fails (a constraint) is rolled back alone by SQLite and fails
    /// only its caller; if the commit itself fails, every caller of the batch fails: nothing of it is acknowledged.
    /// </summary>
    private void Commit(List<Write> batch)
    {
        var changed = new int[batch.Count];
        var failed = new Exception?[batch.Count];
        try
        {
            using (var begin = connection.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                begin.ExecuteNonQuery();
            }
            for (var i = 0; i < batch.Count; i++)
            {
                try
                {
                    changed[i] = Execute(batch[i]);
                }
                catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: that statement only
                {
                    failed[i] = e;
                }
            }
            using var commit = connection.CreateCommand();
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }
        catch (Exception e)
        {
            RollBack();
            foreach (var write in batch)
            {
                write.Done.TrySetException(e);
            }
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (failed[i] is { } e)
            {
                batch[i].Done.TrySetException(e);
            }
            else
            {
                batch[i].Done.TrySetResult(changed[i]);
            }
        }
    }

    private int Execute(Write write)
    {
        if (!prepared.TryGetValue(write.Sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = write.Sql;
            prepared[write.Sql] = command;
        }
        command.Parameters.Clear();
        foreach (var (name, value) in write.Parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command.ExecuteNonQuery();
    }

    private void RollBack()
    {
        try
        {
            using var rollback = connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // No transaction left to roll back (BEGIN failed, or SQLite already rolled it back).
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        thread.Join();
        foreach (var command in prepared.Values)
        {
            command.Dispose();
        }
        await connection.DisposeAsync();
    }

    private sealed record Write(string Sql, (string Name, object? Value)[] Parameters)
    {
        // The caller's continuation must not run on the writer's thread.
        public TaskCompletionSource<int> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
