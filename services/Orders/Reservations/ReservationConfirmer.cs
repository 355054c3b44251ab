using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TokenJourney.Orders.Inventory;
using TokenJourney.Orders.Storage;
using TokenJourney.ServiceDefaults;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Orders.Reservations;

/// <summary>
/// Tells Inventory which orders were committed, so it keeps their reservations: Inventory holds a reservation only for
/// a while (Inventory:Holds:Window) and releases it unless confirmed, because Orders reserves before it commits and a
/// crash in between would otherwise hold the stock forever. Works from Orders' own store: every committed order whose
/// reservation is not confirmed yet, oldest first, in batches, with Orders' own token (the customer's is gone by then),
/// until Inventory answers. When Inventory or the identity provider is down, the orders wait here; if they wait past
/// the window, Inventory releases their holds and takes the stock again when the confirmation comes.
/// </summary>
public sealed partial class ReservationConfirmer(
    IServiceScopeFactory scopes, ServiceToken serviceToken, ConfirmationSignal signal, TimeProvider time, ILogger<ReservationConfirmer> logger)
    : BackgroundService
{
    /// <summary>Inventory's limit per request.</summary>
    private const int BatchSize = 100;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    private bool _failing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            bool more;
            string? failure;
            try
            {
                (more, failure) = await ConfirmBatchAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                (more, failure) = (false, $"{e.GetType().Name}: {e.Message}");
            }
            if (failure is not null)
            {
                // One line when confirming starts failing and one when it works again, not one per retry.
                if (!_failing)
                {
                    LogFailing(failure, RetryDelay.TotalSeconds);
                }
                _failing = true;
                await Task.Delay(RetryDelay, time, stoppingToken);
                continue;
            }
            if (_failing)
            {
                LogRecovered();
                _failing = false;
            }
            if (!more)
            {
                await signal.WaitAsync(Poll, stoppingToken);
            }
        }
    }

    /// <returns>Whether a full batch was confirmed (there may be more), or why nothing was.</returns>
    private async Task<(bool More, string? Failure)> ConfirmBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OrdersDb>();
        var pending = await db.Orders.Where(o => o.ReservationConfirmedAt == null)
            .OrderBy(o => o.CreatedAt).Select(o => o.Id).Take(BatchSize).ToListAsync(ct);
        if (pending.Count == 0)
        {
            return (false, null);
        }

        using var activity = TokenJourneyTelemetry.ActivitySource.StartActivity("orders confirm reservations", ActivityKind.Client);
        activity?.SetTag("orders.count", pending.Count);
        string token;
        try
        {
            token = await serviceToken.GetAsync(Scopes.InventoryConfirm, ct);
        }
        catch (ServiceTokenUnavailableException e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "no service token");
            return (false, $"no service token: {e.Message}");
        }
        var answer = await scope.ServiceProvider.GetRequiredService<InventoryClient>().ConfirmAsync(pending, token, ct);
        if (answer.Failure is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, answer.Failure);
            return (false, answer.Failure);
        }
        foreach (var orderId in answer.Unknown)
        {
            // Only an order Inventory had reserved is ever committed: its store was lost or replaced. Nothing to keep.
            LogUnknown(orderId);
        }
        var now = time.GetUtcNow();
        var answered = answer.Confirmed.Concat(answer.Unknown).ToList();
        await db.Orders.Where(o => answered.Contains(o.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.ReservationConfirmedAt, (DateTimeOffset?)now), ct);
        return (pending.Count == BatchSize, null);
    }

    [LoggerMessage(LogLevel.Warning, "Confirming reservations at Inventory failed ({Failure}); committed orders wait, retrying every {DelaySeconds} s")]
    private partial void LogFailing(string failure, double delaySeconds);

    [LoggerMessage(LogLevel.Information, "Confirming reservations at Inventory works again")]
    private partial void LogRecovered();

    [LoggerMessage(LogLevel.Warning, "Inventory has no reservation for committed order {OrderId}; nothing to confirm")]
    private partial void LogUnknown(Guid orderId);
}
