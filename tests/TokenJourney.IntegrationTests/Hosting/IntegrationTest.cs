using System.Net;

namespace TokenJourney.IntegrationTests.Hosting;

/// <summary>
/// Base for tests on the composed system: when a test fails, the recent log lines of every resource are written
/// to that test's output, so the failure can be read without re-running anything.
/// </summary>
public abstract class IntegrationTest(TokenJourneyFixture app) : IAsyncDisposable
{
    protected TokenJourneyFixture App { get; } = app;

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>
    /// Polls <c>/health</c> every 250 ms until it answers <paramref name="expected"/>; a refused connection (the process is
    /// down or restarting) counts as no answer yet. Fails the test after <paramref name="timeout"/> (default 60 s).
    /// </summary>
    protected static async Task WaitForHealthAsync(HttpClient client, HttpStatusCode expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        string last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync("/health", Cancellation);
                if (response.StatusCode == expected)
                {
                    return;
                }
                last = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (HttpRequestException e)
            {
                last = $"no answer ({e.HttpRequestError})";
            }
            await Task.Delay(250, Cancellation);
        }
        Assert.Fail($"{client.BaseAddress} /health stayed {last}, expected {(int)expected}.");
    }

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
