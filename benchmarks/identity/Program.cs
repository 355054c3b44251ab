using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TokenJourney.Benchmarks.Identity;

// Token endpoint throughput of the built-in provider: client credentials (sign only), password grant (plus the
// realm's PBKDF2 password check, 27,500 iterations as Keycloak's default) and RFC 8693 exchange (validate the subject
// JWT, then sign). The provider runs as its own process, as AppHost runs it; the realm file is the repository's.
// Usage: dotnet build -c Release services/Identity && dotnet run -c Release --project benchmarks/identity
//        [-- --connections 16 --seconds 10 --warmup 3]
var connections = Option("--connections", 16);
var seconds = Option("--seconds", 10);
var warmup = Option("--warmup", 3);
var configuration = Environment.GetEnvironmentVariable("IDENTITY_BUILD") ?? "Release";

var root = FindRepositoryRoot();
var project = Path.Combine(root, "services", "Identity");
var assembly = Path.Combine(project, "bin", configuration, "net10.0", "Identity.dll");
if (!File.Exists(assembly))
{
    Console.Error.WriteLine($"{assembly} is missing: dotnet build -c {configuration} services/Identity (or set IDENTITY_BUILD=Debug).");
    return 1;
}
var port = FreePort();
var authority = $"http://localhost:{port}/realms/tokenjourney";
var data = Directory.CreateTempSubdirectory("identity-benchmark").FullName;
var start = new ProcessStartInfo("dotnet", [assembly]) { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true };
start.Environment["ASPNETCORE_URLS"] = $"http://localhost:{port}";
start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
start.Environment["Identity__Authority"] = authority;
start.Environment["Realm__File"] = Path.Combine(root, "keycloak-realm", "tokenjourney-realm.json");
start.Environment["Storage__DataDirectory"] = data;
start.Environment["Logging__LogLevel__Default"] = "Warning";
using var identity = Process.Start(start) ?? throw new InvalidOperationException("the identity provider did not start");
identity.OutputDataReceived += (_, _) => { };
identity.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"identity: {e.Data}"); };
identity.BeginOutputReadLine();
identity.BeginErrorReadLine();
try
{
    await WaitHealthyAsync(new Uri($"http://localhost:{port}/health"));
    var token = new Uri($"{authority}/protocol/openid-connect/token");
    Dictionary<string, string> ClientCredentials() => new()
    {
        ["grant_type"] = "client_credentials", ["client_id"] = "orders", ["client_secret"] = "orders-secret",
    };
    Dictionary<string, string> Password() => new()
    {
        ["grant_type"] = "password", ["client_id"] = "journey-tests", ["client_secret"] = "journey-tests-secret",
        ["username"] = "alice", ["password"] = "alice", ["scope"] = "openid orders:read orders:write",
    };
    var runs = new List<LoadResult>
    {
        await TokenEndpointLoad.RunAsync("client credentials (orders)", token, ClientCredentials, connections, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds)),
        await TokenEndpointLoad.RunAsync("password grant (journey-tests, alice)", token, Password, connections, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds)),
    };
    // The subject must outlive warm-up and run: a user's journey-tests token lives 15 s, so the subject is the gateway's
    // service-account token (the realm's 5 min lifespan). The work is the same: validate a JWT, build and sign another.
    var subject = await TokenEndpointLoad.AccessTokenAsync(token, new()
    {
        ["grant_type"] = "client_credentials", ["client_id"] = "gateway", ["client_secret"] = "gateway-secret",
    });
    Dictionary<string, string> Exchange() => new()
    {
        ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange", ["client_id"] = "orders", ["client_secret"] = "orders-secret",
        ["subject_token"] = subject, ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token", ["audience"] = "inventory",
    };
    runs.Add(await TokenEndpointLoad.RunAsync("token exchange (orders -> inventory)", token, Exchange, connections, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(seconds)));

    Console.WriteLine($"Identity token endpoint: {connections} connections, {warmup} s warm-up + {seconds} s per run, {Environment.ProcessorCount} cores shared by provider and load");
    Console.WriteLine($"{"run",-42} {"requests",9} {"failed",7} {"req/s",8} {"p50 ms",8} {"p99 ms",8}");
    foreach (var r in runs)
    {
        Console.WriteLine($"{r.Name,-42} {r.Requests,9} {r.Failures,7} {r.RequestsPerSecond,8:F0} {r.P50Ms,8:F2} {r.P99Ms,8:F2}");
    }
    return runs.Any(r => r.Failures > 0) ? 2 : 0;
}
finally
{
    identity.Kill(entireProcessTree: true);
    await identity.WaitForExitAsync();
    Directory.Delete(data, recursive: true);
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "TokenJourney.sln"))) return dir.FullName;
    }
    throw new InvalidOperationException("run from a clone of the repository");
}

static async Task WaitHealthyAsync(Uri health)
{
    using var http = new HttpClient();
    for (var attempt = 0; attempt < 120; attempt++)
    {
        try
        {
            using var response = await http.GetAsync(health);
            if (response.IsSuccessStatusCode) return;
        }
        catch (HttpRequestException)
        {
        }
        await Task.Delay(500);
    }
    throw new InvalidOperationException("the identity provider did not become healthy");
}
