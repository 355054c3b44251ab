using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TokenJourney.ServiceDefaults.Infrastructure;

/// <summary>
/// A service's own SQLite database, in the folder AppHost names with <c>Storage:DataDirectory</c> (by default
/// <c>.data</c> under the content root), set up the same way by every service that keeps data.
/// </summary>
public static class SqliteStoreExtensions
{
    /// <summary>The folder a service keeps its files in; created if missing.</summary>
    public static string DataDirectory(this IHostApplicationBuilder builder)
    {
        var directory = builder.Configuration["Storage:DataDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, builder.Environment.ContentRootPath)
            : Path.Combine(builder.Environment.ContentRootPath, ".data");
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static IHostApplicationBuilder AddSqliteStore<TDb>(this IHostApplicationBuilder builder, string fileName,
        Action<DbContextOptionsBuilder>? configure = null) where TDb : DbContext
    {
        var path = Path.Combine(builder.DataDirectory(), fileName);
        builder.Services.AddDbContext<TDb>(options =>
        {
            options.UseSqlite($"Data Source={path};Pooling=true;Default Timeout=30").AddInterceptors(ConnectionSettings.Instance);
            configure?.Invoke(options);
        });
        return builder;
    }

    /// <summary>Creates the schema on first start and switches the file to write-ahead logging.</summary>
    public static async Task EnsureSqliteStoreAsync<TDb>(this IHost app) where TDb : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        await db.Database.EnsureCreatedAsync();
        // WAL: readers never wait for the writer, and a commit appends to the log instead of rewriting pages.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    /// <summary>
    /// Per-connection settings. synchronous=NORMAL: in WAL mode it keeps every commit through a process crash (SIGKILL
    /// included) and skips the fsync per commit that capped consumers at about a hundred writes a second; only an
    /// operating-system crash or power loss can undo the last commits before a checkpoint. busy_timeout: a writer that
    /// finds the database locked waits inside SQLite (sleeps of 1 to 100 ms) instead of failing back to
    /// Microsoft.Data.Sqlite, whose own retry sleeps 150 ms each time, which concurrent consumers paid again and again.
    /// </summary>
    private sealed class ConnectionSettings : DbConnectionInterceptor
    {
        public static readonly ConnectionSettings Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
            command.ExecuteNonQuery();
        }
    }
}
