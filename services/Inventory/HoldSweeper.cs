using Microsoft.Extensions.Options;

namespace TokenJourney.Inventory;

/// <summary>
/// Every <see cref="HoldOptions.SweepInterval"/>, releases the holds whose order was never committed (see
/// <see cref="ReservationHolds.ReleaseExpiredAsync"/>). A failed sweep (the database busy) is logged and tried again at
/// the next one: a hold released a little late costs nothing but time.
/// </summary>
public sealed partial class HoldSweeper(IServiceScopeFactory scopes, IOptions<HoldOptions> options, TimeProvider time, ILogger<HoldSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ReservationHolds>().ReleaseExpiredAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(e.GetType().Name, e.Message);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Releasing expired holds failed ({Error}: {Message}); trying again at the next sweep")]
    private partial void LogSweepFailed(string error, string message);
}
