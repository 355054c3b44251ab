using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TokenJourney.Orders.Outbox;

namespace TokenJourney.Orders.UnitTests;

/// <summary>
/// When the watchdog gives up on Orders' RabbitMQ client: only for a stall (messages waiting, nothing confirmed, the
/// broker answering) that lasted the configured limit; never for a broker outage, never while confirms still come.
/// </summary>
public sealed class OutboxWatchdogTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Tick = OutboxWatchdog.CheckInterval;

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly OutboxProgress _progress;
    private readonly FakeBroker _broker = new();
    private readonly FakeExit _exit = new();
    private readonly RecordingLogger<OutboxWatchdog> _log = new();
    private readonly OutboxWatchdog _watchdog;
    private readonly OutboxLivenessCheck _liveness;

    public OutboxWatchdogTests()
    {
        _progress = new OutboxProgress(_clock);
        var options = Options.Create(new OutboxWatchdogOptions { StallLimit = Limit });
        _watchdog = new OutboxWatchdog(_progress, _broker, _exit, options, _clock, _log);
        _liveness = new OutboxLivenessCheck(_progress, options);
    }

    [Fact]
    public async Task Nothing_to_publish_is_never_a_stall_and_costs_no_probe()
    {
        _progress.Idle();

        await RunAsync(TimeSpan.FromMinutes(10));

        Assert.Equal(0, _exit.Exits);
        Assert.Equal(0, _broker.Probes);
        Assert.Equal(HealthStatus.Healthy, await LivenessAsync());
    }

    [Fact]
    public async Task Confirms_that_keep_coming_keep_Orders_running_without_probes()
    {
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromMinutes(10); elapsed += Tick)
        {
            _progress.Waiting();
            _clock.Advance(Tick - TimeSpan.FromSeconds(1));
            _progress.Confirmed();
            _clock.Advance(TimeSpan.FromSeconds(1));
            Assert.False(await _watchdog.CheckAsync(CancellationToken.None));
        }

        Assert.Equal(0, _exit.Exits);
        Assert.Equal(0, _broker.Probes);
    }

    [Fact]
    public async Task A_stall_with_the_broker_answering_exits_once_the_limit_has_passed_and_says_why()
    {
        _progress.Waiting();

        // The first probe comes one tick in; the stall counts from there, so it takes one tick more than the limit.
        await RunAsync(Limit);
        Assert.Equal(0, _exit.Exits);
        Assert.Equal(HealthStatus.Degraded, await LivenessAsync());

        await RunAsync(Tick);
        Assert.Equal(1, _exit.Exits);
        Assert.Equal(HealthStatus.Unhealthy, await LivenessAsync());
        var line = Assert.Single(_log.Lines, l => l.Level == LogLevel.Critical);
        Assert.Contains("exiting with code 75", line.Message, StringComparison.Ordinal);
        Assert.Contains("Outbox:Watchdog:StallLimit = 60 s", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_asks_for_the_exit_once_and_stops_looking()
    {
        // The watchdog's own loop, on a clock whose every delay is over at once: it runs until it decides to exit.
        var clock = new FastForwardClock(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        var progress = new OutboxProgress(clock);
        using var watchdog = new OutboxWatchdog(progress, _broker, _exit, Options.Create(new OutboxWatchdogOptions { StallLimit = Limit }), clock, _log);
        progress.Waiting();

        await watchdog.StartAsync(CancellationToken.None);
        // Messages still wait and the broker still answers, yet the loop ends: after the exit it looks no more.
        await watchdog.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await watchdog.StopAsync(CancellationToken.None);

        Assert.Equal(1, _exit.Exits);
        Assert.True(clock.GetUtcNow() - clock.Start >= Limit, "the exit came before the limit had passed");
    }

    [Fact]
    public async Task A_broker_outage_is_not_a_stall_however_long_and_the_clock_starts_when_the_broker_answers_again()
    {
        _progress.Waiting();
        _broker.Answers = false;
        await RunAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(0, _exit.Exits);
        Assert.Equal(HealthStatus.Healthy, await LivenessAsync());

        // Back: a healthy client now has the whole limit to reconnect and get a confirm.
        _broker.Answers = true;
        await AssertExitsOnlyOnceTheLimitHasPassedAsync();
    }

    [Fact]
    public async Task A_broker_that_stops_answering_during_a_stall_restarts_the_count()
    {
        _progress.Waiting();
        await RunAsync(Limit - Tick);
        _broker.Answers = false;
        await RunAsync(Tick);
        _broker.Answers = true;

        await AssertExitsOnlyOnceTheLimitHasPassedAsync();
    }

    [Fact]
    public async Task One_confirm_ends_a_stall_and_messages_still_waiting_start_a_new_one()
    {
        _progress.Waiting();
        await RunAsync(Limit - Tick);
        _progress.Confirmed();
        Assert.Equal(HealthStatus.Healthy, await LivenessAsync());

        // The rest of the batch never returns (a publish on the wedged client): the new stall is caught all the same.
        await AssertExitsOnlyOnceTheLimitHasPassedAsync();
    }

    [Theory]
    [InlineData(19, false)]
    [InlineData(20, true)]
    [InlineData(60, true)]
    [InlineData(86_400, true)]
    [InlineData(86_401, false)]
    public void The_limit_is_validated_at_start(int seconds, bool valid)
    {
        var result = new OutboxWatchdogOptionsValidator().Validate(null, new OutboxWatchdogOptions { StallLimit = TimeSpan.FromSeconds(seconds) });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Outbox:Watchdog:StallLimit", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_default_limit_is_valid()
    {
        Assert.True(new OutboxWatchdogOptionsValidator().Validate(null, new OutboxWatchdogOptions()).Succeeded);
    }

    /// <summary>The watchdog's loop, tick by tick, for <paramref name="duration"/>.</summary>
    private async Task RunAsync(TimeSpan duration)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Tick)
        {
            _clock.Advance(Tick);
            if (await _watchdog.CheckAsync(CancellationToken.None))
            {
                return;
            }
        }
    }

    /// <summary>
    /// From a stall's start (the broker answering, nothing confirmed): the whole limit passes without an exit (the stall
    /// counts from the first probe, one tick in), and one tick more brings it.
    /// </summary>
    private async Task AssertExitsOnlyOnceTheLimitHasPassedAsync()
    {
        await RunAsync(Limit);
        Assert.Equal(0, _exit.Exits);
        await RunAsync(Tick);
        Assert.Equal(1, _exit.Exits);
    }

    private async Task<HealthStatus> LivenessAsync() =>
        (await _liveness.CheckHealthAsync(new HealthCheckContext(), CancellationToken.None)).Status;

    /// <summary>A clock on which a timer fires at once (on the thread pool), moving the clock to its due time.</summary>
    private sealed class FastForwardClock(DateTimeOffset start) : TimeProvider
    {
        private long _elapsedTicks;

        public DateTimeOffset Start => start;
        public override DateTimeOffset GetUtcNow() => start + TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new OneShot();
            ThreadPool.QueueUserWorkItem(_ =>
            {
                if (!timer.Disposed)
                {
                    Interlocked.Add(ref _elapsedTicks, dueTime.Ticks);
                    callback(state);
                }
            });
            return timer;
        }

        private sealed class OneShot : ITimer
        {
            public bool Disposed { get; private set; }
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;
            public void Dispose() => Disposed = true;
            public ValueTask DisposeAsync()
            {
                Disposed = true;
                return ValueTask.CompletedTask;
            }
        }
    }

    private sealed class FakeBroker : IBrokerProbe
    {
        public bool Answers { get; set; } = true;
        public int Probes { get; private set; }

        public Task<bool> AnswersAsync(CancellationToken cancellationToken)
        {
            Probes++;
            return Task.FromResult(Answers);
        }
    }

    private sealed class FakeExit : IServiceExit
    {
        public int Exits { get; private set; }
        public void ExitForRestart() => Exits++;
    }

    private sealed class RecordingLogger<T> : ILogger<T>
    {
        public List<(LogLevel Level, string Message)> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((logLevel, formatter(state, exception)));
    }
}
