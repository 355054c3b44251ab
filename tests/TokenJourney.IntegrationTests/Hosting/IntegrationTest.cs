namespace TokenJourney.IntegrationTests.Hosting;

/// <summary>
/// Base for tests on the composed system: when a test fails, the recent log lines of every resource are written
/// to that test's output, so the failure can be read without re-running anything.
/// </summary>
public abstract class IntegrationTest(TokenJourneyFixture app) : IAsyncDisposable
{
    protected TokenJourneyFixture App { get; } = app;

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        var context = TestContext.Current;
        if (context.TestState?.Result == TestResult.Failed)
        {
            context.TestOutputHelper?.WriteLine(App.AllLogs(80));
        }
        return ValueTask.CompletedTask;
    }
}
