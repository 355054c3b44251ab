using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Foundation;

/// <summary>By default a run folder persists: what Redis and RabbitMQ hold survives an AppHost restart. And AppHost refuses
/// to start on a machine that cannot run it, saying why.</summary>
[Collection(DisruptiveCollection.Name)]
public sealed class PersistenceTests
{
    [Fact]
    public async Task A_Redis_key_and_a_persistent_message_in_a_lazy_durable_queue_survive_an_AppHost_restart()
    {
        await MachineSetup.EnsureInstalledAsync();
        var cancellation = TestContext.Current.CancellationToken;
        var runDirectory = Directory.CreateTempSubdirectory("tokenjourney-persist").FullName;
        try
        {
            await using (var first = await StartInfrastructureAsync(runDirectory))
            {
                await RedisAsync(first, cancellation, "SET", "journey", "kept");
                using var management = await ManagementClientAsync(first);
                (await management.PutAsJsonAsync("/api/queues/%2F/journey", new { durable = true }, cancellation)).EnsureSuccessStatusCode();
                var publish = new { properties = new { delivery_mode = 2 }, routing_key = "journey", payload = "kept", payload_encoding = "string" };
                using var published = await management.PostAsJsonAsync("/api/exchanges/%2F/amq.default/publish", publish, cancellation);
                Assert.Contains("\"routed\":true", await published.Content.ReadAsStringAsync(cancellation));
            }

            await using var second = await StartInfrastructureAsync(runDirectory);

            Assert.Equal("$4\r\nkept", (await RedisAsync(second, cancellation, "GET", "journey")).Trim());
            using var managementAgain = await ManagementClientAsync(second);
            var get = new { count = 5, ackmode = "ack_requeue_false", encoding = "auto" };
            using var got = await managementAgain.PostAsJsonAsync("/api/queues/%2F/journey/get", get, cancellation);
            got.EnsureSuccessStatusCode();
            using var messages = JsonDocument.Parse(await got.Content.ReadAsStringAsync(cancellation));
            Assert.Equal(["kept"], messages.RootElement.EnumerateArray().Select(m => m.GetProperty("payload").GetString()));
            // The broker's definitions (imported on the first boot, skipped on the second as unchanged) made it lazy.
            var queue = await QueueStatsAsync(managementAgain, "journey", cancellation);
            Assert.Equal("lazy-queues", queue.GetProperty("policy").GetString());
            Assert.Equal("lazy", queue.GetProperty("effective_policy_definition").GetProperty("queue-mode").GetString());
        }
        finally
        {
            Directory.Delete(runDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task A_documented_port_already_in_use_stops_AppHost_naming_the_port_and_the_resource()
    {
        using var squatter = new TcpListener(System.Net.IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Topologies.ModelAsync("AppHost:Ephemeral=true", $"AppHost:Ports:inventory={port}"));

        Assert.Contains($"Port {port} (inventory) is already in use", Flatten(error));
    }

    [Fact]
    public async Task A_missing_infrastructure_binary_stops_AppHost_with_a_message_that_says_what_to_run()
    {
        var empty = Directory.CreateTempSubdirectory("tokenjourney-nobin").FullName;
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() =>
                Topologies.ModelAsync("AppHost:Ephemeral=true", "AppHost:FreePorts=true", $"AppHost:ExecutableSearchPath={empty}"));

            Assert.Contains("redis-server not found: run eng/setup.sh", Flatten(error));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    private static string Flatten(Exception error) => error.InnerException is null ? error.Message : $"{error.Message} {Flatten(error.InnerException)}";

    private static async Task<DistributedApplication> StartInfrastructureAsync(string runDirectory) =>
        await Topologies.StartAsync(await Topologies.OnlyAsync(runDirectory, "cache", "messaging", "messaging-epmd"), "cache", "messaging");

    private static async Task<HttpClient> ManagementClientAsync(DistributedApplication app)
    {
        var client = new HttpClient { BaseAddress = app.GetEndpoint("messaging", "management") };
        // The user the broker's connection string names (its definitions give it the management UI too).
        var connectionString = await app.GetConnectionStringAsync("messaging", TestContext.Current.CancellationToken);
        var userInfo = Uri.UnescapeDataString(new Uri(connectionString!).UserInfo);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo)));
        return client;
    }

    /// <summary>A queue as the management API reports it once its first statistics arrive (every 5 s by default).</summary>
    private static async Task<JsonElement> QueueStatsAsync(HttpClient management, string queue, CancellationToken cancellation)
    {
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var info = await management.GetFromJsonAsync<JsonElement>($"/api/queues/%2F/{queue}", cancellation);
            if (info.TryGetProperty("policy", out _))
            {
                return info;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellation);
        }
        Assert.Fail($"The management API reported no policy for queue {queue} within 15 s.");
        return default;
    }

    /// <summary>One command in Redis's wire protocol (RESP); enough for a test without a client library.</summary>
    private static async Task<string> RedisAsync(DistributedApplication app, CancellationToken cancellation, params string[] command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", app.GetEndpoint("cache", "tcp").Port, cancellation);
        var stream = client.GetStream();
        var request = new StringBuilder($"*{command.Length}\r\n");
        foreach (var part in command)
        {
            request.Append($"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        }
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellation);
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, cancellation);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}
