using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
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

    /// <param name="pooled">
    /// Reuse DbContext instances across requests (AddDbContextPool): for a store read and written on every request, where
    /// building a context and resolving its services per request shows in the profile.
    /// </param>
    public static IHostApplicationBuilder AddSqliteStore<TDb>(this IHostApplicationBuilder builder, string fileName,
        Action<DbContextOptionsBuilder>? configure = null, bool pooled = false) where TDb : DbContext
    {
        var path = Path.Combine(builder.DataDirectory(), fileName);
        void Configure(DbContextOptionsBuilder options)
        {
            options.UseSqlite($"Data Source={path};Pooling=true;Default Timeout=30").AddInterceptors(ConnectionSettings.Instance);
            configure?.Invoke(options);
        }
        if (pooled)
        {
            builder.Services.AddDbContextPool<TDb>(Configure);
        }
        else
        {
            builder.Services.AddDbContext<TDb>(Configure);
        }
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
    /// Adds a nullable column that a newer version of the service's model has and a database kept from an older version
    /// (under <c>.run/</c>) lacks: <c>EnsureCreated</c> only ever creates a whole schema, and these stores have no migrations.
    /// </summary>
    public static async Task AddColumnIfMissingAsync<TDb>(this IHost app, string table, string column, string definition) where TDb : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        var present = await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM pragma_table_info({table}) WHERE name = {column}").SingleAsync();
        if (present == 0)
        {
            // Identifiers cannot be parameters; these are the service's own names, written in its code.
            if (!table.All(char.IsAsciiLetterOrDigit) || !column.All(char.IsAsciiLetterOrDigit))
            {
                throw new ArgumentException($"Not a plain table or column name: {table}.{column}");
            }
            var alter = "ALTER TABLE \"" + table + "\" ADD COLUMN \"" + column + "\" " + definition;
            await db.Database.ExecuteSqlRawAsync(alter);
        }
    }

    /// <summary>Runs one schema statement (e.g. an index a newer model has) against the service's store.</summary>
    public static async Task ExecuteSqlAsync<TDb>(this IHost app, string sql) where TDb : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TDb>().Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>
    /// Per-connection settings. synchronous=NORMAL: in WAL mode it keeps every commit through a process crash (SIGKILL
    /// included) and skips the fsync per commit that capped consumers at about a hundred writes a second; only an
    /// operating-system crash or power loss can undo the last commits before a checkpoint. busy_timeout: a writer that
    /// finds the database locked waits inside SQLite (sleeps of 1 to 100 ms) instead of failing back to
    /// Microsoft.Data.Sqlite, whose own retry sleeps 150 ms each time, which concurrent consumers paid again and again.
    /// Both stay with the SQLite connection, which the pool hands out again, while EF Core opens and closes it around
    /// every query and save: they are set once per SQLite connection, not at every open (two more statements to parse
    /// and run each time, four times per refresh grant at the identity provider).
    /// </summary>
    private sealed class ConnectionSettings : DbConnectionInterceptor
    {
        public static readonly ConnectionSettings Instance = new();
        private static readonly ConditionalWeakTable<object, object> Configured = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            var handle = (connection as SqliteConnection)?.Handle;
            if (handle is not null && Configured.TryGetValue(handle, out _))
            {
                return;
            }
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
            command.ExecuteNonQuery();
            if (handle is not null)
            {
                Configured.AddOrUpdate(handle, handle);
            }
        }
    }
}
