using System.Diagnostics;
using TokenJourney.IntegrationTests.Hosting;

using TokenJourney.IntegrationTests.Identity;

namespace TokenJourney.IntegrationTests.Gateway;

/// <summary>
/// A second instance of the built Identity service holding a copy of the shared provider's key ring but serving the
/// realm under its own authority: what a staging provider restored from production's backup would be. Its tokens are
/// signed by the provider's code with a key every service trusts, so only their issuer is wrong. The built-in provider
/// always signs as its configured authority, so this is the one way to get it to issue under another name.
/// </summary>
internal sealed class ProviderUnderAnotherIssuer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private ProviderUnderAnotherIssuer(Process process, string folder, string authority)
    {
        _process = process;
        _folder = folder;
        Authority = authority;
    }

    public string Authority { get; }

    public static async Task<ProviderUnderAnotherIssuer> StartAsync(TokenJourneyFixture app, CancellationToken cancellation)
    {
        var folder = Directory.CreateTempSubdirectory("tokenjourney-other-issuer").FullName;
        var keys = Directory.CreateDirectory(Path.Combine(folder, "data", "keys")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(app.DataDirectory("identity"), "keys"), "*.json"))
        {
            File.Copy(file, Path.Combine(keys, Path.GetFileName(file)));
        }

        var port = TokenJourney.AppHost.RunSettings.FreePort();
        // Same realm name, another host: the issuer differs from the shared provider's in its origin only.
        var authority = $"http://127.0.0.1:{port}/realms/tokenjourney";
        var start = StandaloneIdentity.StartInfo($"http://127.0.0.1:{port}", authority,
            Path.Combine(MachineSetup.RepositoryRoot, "keycloak-realm", "tokenjourney-realm.json"), Path.Combine(folder, "data"));

        var provider = new ProviderUnderAnotherIssuer(Process.Start(start)!, folder, authority);
        // Drained so a chatty start cannot block on a full pipe.
        _ = provider._process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        _ = provider._process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await provider.WaitUntilServingAsync(cancellation);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
        return provider;
    }

    private async Task WaitUntilServingAsync(CancellationToken cancellation)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync($"{Authority}/.well-known/openid-configuration", cancellation);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250, cancellation);
        }
        throw new InvalidOperationException($"The second provider did not serve its discovery document (exited: {_process.HasExited}).");
    }

    public async ValueTask DisposeAsync()
    {
        // Killed, not asked to stop: nothing of it must outlive the test, whatever the test's outcome.
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still closing: the temp folder goes with the machine.
        }
    }
}
