using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.AppHost.Hosting;

namespace TokenJourney.Dashboard.UnitTests;

/// <summary>The dashboard's own HTTP surface on a real (small) topology: one Redis that the dashboard stops and starts.</summary>
public sealed class DashboardServerTests : IAsyncLifetime
{
    private DistributedApplication? _app;
    private HttpClient? _http;

    private HttpClient Http => _http!;

    public async ValueTask InitializeAsync()
    {
        await MachineSetup.EnsureInstalledAsync();
        var builder = DistributedApplication.CreateBuilder(["--ephemeral", "--free-ports"]);
        builder.Options.WriteLogsToConsole = false;
        builder.AddRedis("cache");
        _app = builder.Build();
        await _app.StartAsync(TestContext.Current.CancellationToken);
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { BaseAddress = _app.DashboardUrl };
    }

    [Fact]
    public async Task Stop_and_Start_on_the_resources_page_stop_and_start_the_resource()
    {
        var page = await Http.GetStringAsync("/resources", TestContext.Current.CancellationToken);
        Assert.Contains("data-testid=\"state-cache\">Running", page.Replace(" data-state=\"Running\"", ""));

        var stop = await Http.PostAsync("/resources/cache/stop", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, stop.StatusCode);
        Assert.Equal("Stopped", await StateAsync("cache"));

        var start = await Http.PostAsync("/resources/cache/start", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal("Running", await StateAsync("cache"));
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task A_post_sent_by_another_site_is_refused(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/resources/cache/stop");
        request.Headers.Add(header, value);

        var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Running", await StateAsync("cache"));
    }

    [Fact]
    public async Task The_inspector_verifies_a_token_without_echoing_or_caching_it()
    {
        using var tokens = new TestTokens();
        var token = tokens.Sign(new { alg = "RS256", kid = "k1" }, new { sub = "alice", exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds() });
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["keySource"] = "pasted",
            ["key"] = TestTokens.Jwks(tokens.RsaJwk("k1")),
        });

        var response = await Http.PostAsync("/inspector/result", form, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Contains("data-outcome=\"Verified\"", html);
        Assert.Contains("expires in 4 min", html);
        Assert.DoesNotContain(token.Split('.')[2], html);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Every_page_renders()
    {
        foreach (var path in new[] { "/resources", "/resources/cache/logs?q=ready", "/logs?q=Ready", "/traces", "/traces?status=error&minMs=5", "/traces/0af7651916cd43dd8448eb211c80319c", "/inspector" })
        {
            var response = await Http.GetAsync(path, TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}");
            Assert.StartsWith("text/html", response.Content.Headers.ContentType?.MediaType);
        }
    }

    private async Task<string?> StateAsync(string name)
    {
        var resources = await Http.GetFromJsonAsync<JsonElement>("/api/resources", TestContext.Current.CancellationToken);
        return resources.EnumerateArray().Single(r => r.GetProperty("name").GetString() == name).GetProperty("state").GetString();
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
