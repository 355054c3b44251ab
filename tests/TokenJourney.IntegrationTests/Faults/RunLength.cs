namespace TokenJourney.IntegrationTests.Faults;

/// <summary>
/// How long the fault campaign and the held load run: short in CI, longer from <c>benchmarks/faults/run.sh</c>, which
/// sets these environment variables.
/// </summary>
internal static class RunLength
{
    public static int FromEnvironment(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;
}
