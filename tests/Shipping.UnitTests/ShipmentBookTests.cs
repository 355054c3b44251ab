using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TokenJourney.Shipping.UnitTests;

/// <summary>The shipment book on a real SQLite file: one shipment per order, whatever arrives twice.</summary>
public sealed class ShipmentBookTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"shipping-{Guid.NewGuid():N}.db");

    public ShipmentBookTests()
    {
        using var db = Open();
        db.Database.EnsureCreated();
    }

    [Fact]
    public async Task A_batch_creates_one_shipment_per_order_and_a_second_delivery_gets_the_same_ones()
    {
        var requests = Enumerable.Range(0, 3).Select(_ => Request(Guid.NewGuid())).ToList();

        var first = await Ship(requests);
        var again = await Ship(requests);

        Assert.All(requests, r => Assert.True(first[r.OrderId].Created));
        Assert.All(requests, r => Assert.False(again[r.OrderId].Created));
        Assert.All(requests, r => Assert.Equal(first[r.OrderId].Shipment.Id, again[r.OrderId].Shipment.Id));
        Assert.Equal(3, await CountAsync());
    }

    [Fact]
    public async Task The_same_order_twice_in_one_batch_ships_once()
    {
        var order = Guid.NewGuid();

        var outcomes = await Ship([Request(order), Request(order), Request(Guid.NewGuid())]);

        Assert.Equal(2, outcomes.Count);
        Assert.True(outcomes[order].Created);
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task An_order_shipped_by_another_consumer_between_read_and_commit_is_reported_as_theirs_and_the_rest_still_ship()
    {
        var raced = Guid.NewGuid();
        var other = Guid.NewGuid();
        var theirs = Guid.NewGuid();
        var interloper = new ShipsFirst(_path, raced, theirs);

        var outcomes = await Ship([Request(raced), Request(other)], interloper);

        Assert.True(interloper.Fired);
        Assert.False(outcomes[raced].Created);
        Assert.Equal(theirs, outcomes[raced].Shipment.Id);
        Assert.True(outcomes[other].Created);
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task An_empty_batch_touches_nothing()
    {
        Assert.Empty(await Ship([]));
        Assert.Equal(0, await CountAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static ShipmentRequest Request(Guid orderId) => new(orderId, "alice", "mug-stoneware", 1);

    private async Task<IReadOnlyDictionary<Guid, ShipmentOutcome>> Ship(IReadOnlyCollection<ShipmentRequest> requests, IInterceptor? interceptor = null)
    {
        await using var db = Open(interceptor);
        return await new ShipmentBook(db, TimeProvider.System).ShipOnceAsync(requests, CancellationToken.None);
    }

    private async Task<int> CountAsync()
    {
        await using var db = Open();
        return await db.Shipments.CountAsync();
    }

    private ShippingDb Open(IInterceptor? interceptor = null)
    {
        var options = new DbContextOptionsBuilder<ShippingDb>().UseSqlite($"Data Source={_path}");
        if (interceptor is not null)
        {
            options.AddInterceptors(interceptor);
        }
        return new ShippingDb(options.Options);
    }

    /// <summary>Just before the book's first commit, another connection ships one of its orders.</summary>
    private sealed class ShipsFirst(string path, Guid orderId, Guid shipmentId) : SaveChangesInterceptor
    {
        public bool Fired { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!Fired)
            {
                Fired = true;
                await using var connection = new SqliteConnection($"Data Source={path}");
                await connection.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText =
                    "INSERT INTO Shipments (Id, OrderId, CustomerSubject, Sku, Quantity, ShippedAt) VALUES ($id, $order, 'alice', 'mug-stoneware', 1, '2026-01-01 00:00:00+00:00')";
                command.Parameters.AddWithValue("$id", shipmentId);
                command.Parameters.AddWithValue("$order", orderId);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            return result;
        }
    }
}
