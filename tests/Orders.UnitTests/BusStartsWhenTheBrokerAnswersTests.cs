using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using TokenJourney.Contracts.Messaging;

namespace TokenJourney.Orders.UnitTests;

public sealed class BusStartsWhenTheBrokerAnswersTests
{
    [Fact]
    public async Task The_bus_start_waits_until_the_broker_answers()
    {
        var answers = new Queue<bool>([false, false, true]);
        var probes = 0;
        var gate = Gate(_ =>
        {
            probes++;
            return Task.FromResult(answers.Dequeue());
        }, new Lifetime());

        await gate.PreStart(null!).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(3, probes);
    }

    [Fact]
    public async Task A_stopping_service_cancels_the_bus_start_instead_of_waiting_for_the_broker()
    {
        var lifetime = new Lifetime();
        var gate = Gate(_ => Task.FromResult(false), lifetime);

        var start = gate.PreStart(null!);
        await Task.Delay(250, TestContext.Current.CancellationToken);
        Assert.False(start.IsCompleted);
        await lifetime.StopAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
    }

    private static BusStartsWhenTheBrokerAnswers Gate(Func<CancellationToken, Task<bool>> brokerAnswers, Lifetime lifetime) =>
        new(brokerAnswers, "127.0.0.1:5672", lifetime, NullLogger<BusStartsWhenTheBrokerAnswers>.Instance);

    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => _stopping.Token;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => _stopping.Cancel();
        public Task StopAsync() => _stopping.CancelAsync();
    }
}
