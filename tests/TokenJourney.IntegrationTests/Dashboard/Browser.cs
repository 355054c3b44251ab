using Microsoft.Playwright;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Dashboard;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download): headless, its own throw-away profile and HOME,
/// a 1280x800 window (the size the pages must read well at), and screenshots kept as test artifacts.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Where screenshots go: TestResults/screenshots at the repository root (CI keeps TestResults).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(MachineSetup.RepositoryRoot, "TestResults", "screenshots");

    private readonly IPlaywright _playwright;
    private readonly string _profile;

    private Browser(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        Context = context;
        _profile = profile;
    }

    public IBrowserContext Context { get; }

    public static async Task<Browser> LaunchAsync()
    {
        var profile = Directory.CreateTempSubdirectory("tokenjourney-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(Path.Combine(profile, "user-data"), new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                    "--disable-component-update", "--disable-default-apps", "--disable-sync", "--no-first-run",
                    "--metrics-recording-only", "--password-store=basic", "--use-mock-keychain",
                ],
                Env = new Dictionary<string, string>
                {
                    ["HOME"] = profile,
                    ["XDG_CONFIG_HOME"] = Path.Combine(profile, "config"),
                    ["XDG_CACHE_HOME"] = Path.Combine(profile, "cache"),
                },
                ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
                Timeout = 60_000,
            });
            context.SetDefaultTimeout(30_000);
            return new Browser(playwright, context, profile);
        }
        catch
        {
            playwright.Dispose();
            Directory.Delete(profile, recursive: true);
            throw;
        }
    }

    public async Task<IPage> NewPageAsync() => await Context.NewPageAsync();

    /// <summary>Saves what the page shows now as TestResults/screenshots/{name}.png and returns the path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
        TestContext.Current.AddAttachment(name, await File.ReadAllBytesAsync(path), "image/png");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be flushing its profile; a leftover temp folder is harmless.
        }
    }
}
