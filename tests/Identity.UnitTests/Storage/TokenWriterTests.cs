using Microsoft.Data.Sqlite;
using TokenJourney.Identity.Storage;

namespace TokenJourney.Identity.UnitTests.Storage;

public sealed class TokenWriterTests
{
    [Fact]
    public async Task A_write_is_committed_when_its_caller_hears_back()
    {
        using var folder = new TemporaryFolder();
        var database = new IdentityDatabase(folder.File("writer.db"));
        await CreateTableAsync(database);
        await using (var writer = new TokenWriter(database))
        {
            var writes = Enumerable.Range(0, 200).Select(i => writer.ExecuteAsync("INSERT INTO Rows (Id) VALUES ($id)", ("$id", i))).ToList();
            foreach (var write in writes)
            {
                Assert.Equal(1, await write);
            }
            // Another connection sees every acknowledged row while the writer is still open.
            Assert.Equal(200L, await CountAsync(database));
        }
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_statement_that_breaks_a_constraint_fails_alone()
    {
        using var folder = new TemporaryFolder();
        var database = new IdentityDatabase(folder.File("writer.db"));
        await CreateTableAsync(database);
        await using (var writer = new TokenWriter(database))
        {
            await writer.ExecuteAsync("INSERT INTO Rows (Id) VALUES (1)");
            var duplicate = writer.ExecuteAsync("INSERT INTO Rows (Id) VALUES (1)");
            var fresh = writer.ExecuteAsync("INSERT INTO Rows (Id) VALUES (2)");
            await Assert.ThrowsAsync<SqliteException>(() => duplicate);
            Assert.Equal(1, await fresh);
            Assert.Equal(2L, await CountAsync(database));
        }
        SqliteConnection.ClearAllPools();
    }

    private static async Task CreateTableAsync(IdentityDatabase database)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE Rows (Id INTEGER PRIMARY KEY)";
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(IdentityDatabase database)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Rows";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
