using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TokenJourney.Identity.Storage;

/// <summary>
/// The provider's saves take turns. SQLite lets one connection write at a time, and a writer that finds the file locked
/// sleeps in SQLite's busy handler (1, 2, 5, 10, ... 100 ms) before it tries again: with a refresh grant writing three
/// times, concurrent refreshes spent their tail latency asleep rather than working. Here a writer waits for the previous
/// save only as long as it lasts. A save inside an explicit transaction is left alone: that transaction may already
/// hold SQLite's lock, and waiting here for a writer that waits for that lock would stall both until the busy timeout.
/// </summary>
public sealed class OneWriterAtATime : SaveChangesInterceptor
{
    public static readonly OneWriterAtATime Instance = new();

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ConditionalWeakTable<DbContext, object> holders = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (ShouldWait(eventData.Context) is { } context)
        {
            gate.Wait();
            holders.AddOrUpdate(context, this);
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (ShouldWait(eventData.Context) is { } context)
        {
            await gate.WaitAsync(cancellationToken);
            holders.AddOrUpdate(context, this);
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Release(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Release(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Release(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    private static DbContext? ShouldWait(DbContext? context) => context?.Database.CurrentTransaction is null ? context : null;

    private void Release(DbContext? context)
    {
        if (context is not null && holders.Remove(context))
        {
            gate.Release();
        }
    }
}
