using System.Diagnostics;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Identity;

/// <summary>
/// A provider that cannot serve its realm must not half-start: it says what to fix and exits with 1. These start the
/// built Identity service as its own process (not the shared topology) with a deliberately broken configuration.
/// </summary>
public sealed class StartupValidationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tokenjourney-identity-startup").FullName;
    private readonly string _root = MachineSetup.RepositoryRoot;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_missing_realm_file_stops_the_start_naming_the_file()
    {
        var missing = Path.Combine(_folder, "no-such-realm.json");

        var (exitCode, errors) = await StartIdentityAsync(missing);

        Assert.Equal(1, exitCode);
        Assert.Contains("identity: cannot start:", errors);
        Assert.Contains(missing, errors);
    }

    [Fact]
    public async Task A_realm_file_that_is_not_JSON_stops_the_start()
    {
        var broken = Path.Combine(_folder, "broken.json");
        await File.WriteAllTextAsync(broken, "{ \"realm\": \"tokenjourney\", ", TestContext.Current.CancellationToken);

        var (exitCode, errors) = await StartIdentityAsync(broken);

        Assert.Equal(1, exitCode);
        Assert.Contains("identity: cannot start:", errors);
        Assert.Contains("not valid JSON", errors);
    }

    [Fact]
    public async Task A_realm_whose_client_uses_an_undefined_scope_stops_the_start_naming_the_client_and_the_scope()
    {
        var realm = await File.ReadAllTextAsync(Path.Combine(_root, "keycloak-realm", "tokenjourney-realm.json"), TestContext.Current.CancellationToken);
        var edited = Path.Combine(_folder, "realm.json");
        await File.WriteAllTextAsync(edited, realm.Replace("\"inventory:reserve\", \"shipping:create\"", "\"inventory:reserve\", \"shipping:teleport\""),
            TestContext.Current.CancellationToken);
        Assert.Contains("shipping:teleport", await File.ReadAllTextAsync(edited, TestContext.Current.CancellationToken));

        var (exitCode, errors) = await StartIdentityAsync(edited);

        Assert.Equal(1, exitCode);
        Assert.Contains("client 'orders' uses the client scope 'shipping:teleport'", errors);
    }

    [Fact]
    public async Task An_authority_that_is_not_a_realm_URL_stops_the_start()
    {
        var (exitCode, errors) = await StartIdentityAsync(Path.Combine(_root, "keycloak-realm", "tokenjourney-realm.json"), authority: "http://localhost:1/not-a-realm");

        Assert.Equal(1, exitCode);
        Assert.Contains("Identity:Authority must end with /realms/<realm name>", errors);
    }

    private async Task<(int ExitCode, string Errors)> StartIdentityAsync(string realmFile, string authority = "http://localhost:1/realms/tokenjourney")
    {
        var start = StandaloneIdentity.StartInfo("http://127.0.0.1:0", authority, realmFile, Path.Combine(_folder, "data"));

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        // A guard, not a timed assertion: a provider that wrongly starts would otherwise run forever.
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the identity provider started although its configuration is broken");
        }
        await output;
        return (process.ExitCode, await errors);
    }
}
