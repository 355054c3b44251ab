using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using TokenJourney.Benchmarks.Identity;

// Token endpoint throughput of the built-in provider, per grant: client credentials (sign only), refresh (validate
// and rotate the refresh token, sign), RFC 8693 exchange (validate the subject JWT, sign) and the password grant (plus
// the realm's PBKDF2 password check, 27,500 iterations as Keycloak 23's default; Keycloak 26 uses Argon2). The provider runs as its own process, as
// AppHost runs it, with the repository's realm file. The same run measures the machine's RS256 signing rate on every
// core (the ceiling for issuing signed tokens) and its PBKDF2 rate (the password grant's own ceiling), and prints each
// grant's rate as a share of the first, with the provider's own CPU time per request (the load generator's apart).
// Usage: dotnet build -c Release services/Identity && dotnet run -c Release --project benchmarks/identity
//        [-- --connections 16 --seconds 10 --warmup 10 --provider <another services/Identity folder, built> --only <grant>]
// The warm-up is long on purpose: a fresh provider on 2 busy cores spends its first seconds in the JIT (tiering up
// OpenIddict, EF Core and ASP.NET Core), which a 3 s warm-up measured instead of the token endpoint.
var connections = Option("--connections", 16);
var seconds = Option("--seconds", 10);
var warmup = Option("--warmup", 10);
var configuration = Environment.GetEnvironmentVariable("IDENTITY_BUILD") ?? "Release";

var root = FindRepositoryRoot();
// --provider compares another build of the provider (e.g. an export of an earlier commit) on the same machine and run.
var project = TextOption("--provider") is { } other ? Path.GetFullPath(other) : Path.Combine(root, "services", "Identity");
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
    TimeSpan ProviderCpu()
    {
        identity.Refresh();
        return identity.TotalProcessorTime;
    }
    var signatures = MachineCeiling.Rs256Signatures(TimeSpan.FromSeconds(3));
    var passwordChecks = MachineCeiling.PasswordChecks(TimeSpan.FromSeconds(3));

    // Each connection refreshes its own chain: the realm rotates refresh tokens and treats a reused one as stolen.
    Dictionary<string, string> Password(string scope = "openid orders:read orders:write") => new()
    {
        ["grant_type"] = "password", ["client_id"] = "journey-tests", ["client_secret"] = "journey-tests-secret",
        ["username"] = "alice", ["password"] = "alice", ["scope"] = scope,
    };
    // With orders scopes journey-tests' access token embeds an Orders token, which embeds an Inventory token (the realm's
    // tokenjourney.embedded.* rules): with the ID token, four RS256 signatures per refresh. Asked for openid only, it
    // embeds none: two, like a Keycloak refresh (access and ID token).
    var refreshTokens = new string[connections];
    var plainRefreshTokens = new string[connections];
    for (var i = 0; i < connections; i++)
    {
        refreshTokens[i] = (await TokenEndpointLoad.TokensAsync(token, Password())).GetProperty("refresh_token").GetString()!;
        plainRefreshTokens[i] = (await TokenEndpointLoad.TokensAsync(token, Password("openid"))).GetProperty("refresh_token").GetString()!;
    }
    // The subject must outlive warm-up and run: a user's journey-tests token lives 15 s, so the subject is the gateway's
    // service-account token for Orders (aud orders, the realm's 5 min lifespan), which Orders may exchange as it
    // exchanges a user's. The work is the same: validate a JWT, build and sign another.
    var subject = (await TokenEndpointLoad.TokensAsync(token, new()
    {
        ["grant_type"] = "client_credentials", ["client_id"] = "gateway", ["client_secret"] = "gateway-secret", ["scope"] = "orders:read",
    })).GetProperty("access_token").GetString()!;

    var grants = new List<Grant>
    {
        new("client credentials (orders)", _ => new()
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "orders", ["client_secret"] = "orders-secret",
        }),
        new("refresh (journey-tests, rotating)", i => new()
        {
            ["grant_type"] = "refresh_token", ["client_id"] = "journey-tests", ["client_secret"] = "journey-tests-secret",
            ["refresh_token"] = refreshTokens[i],
        }, (i, answer) => refreshTokens[i] = answer.GetProperty("refresh_token").GetString()!),
        new("refresh (journey-tests, openid only)", i => new()
        {
            ["grant_type"] = "refresh_token", ["client_id"] = "journey-tests", ["client_secret"] = "journey-tests-secret",
            ["refresh_token"] = plainRefreshTokens[i],
        }, (i, answer) => plainRefreshTokens[i] = answer.GetProperty("refresh_token").GetString()!),
        new("token exchange (orders -> inventory)", _ => new()
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange", ["client_id"] = "orders", ["client_secret"] = "orders-secret",
            ["subject_token"] = subject, ["subject_token_type"] = "urn:ietf:params:oauth:token-type:access_token", ["audience"] = "inventory",
        }),
        new("password grant (journey-tests, alice)", _ => Password()),
    };
    // --only refresh (the start of a grant's name) runs one grant, e.g. to profile the provider under that load alone.
    if (TextOption("--only") is { } only)
    {
        grants.RemoveAll(g => !g.Name.StartsWith(only, StringComparison.OrdinalIgnoreCase));
    }
    // Every grant warms up before any is measured, so the first one measured does not carry the provider's start-up JIT.
    foreach (var grant in grants)
    {
        await TokenEndpointLoad.RunAsync(grant.Name, token, grant.Form, grant.Answered, connections, TimeSpan.Zero, TimeSpan.FromSeconds(warmup), ProviderCpu);
    }
    // One answer of each grant (through its own bookkeeping, so refresh chains stay valid) tells its RS256 signatures.
    var signaturesPerAnswer = new Dictionary<string, int>();
    foreach (var grant in grants)
    {
        var answer = await TokenEndpointLoad.TokensAsync(token, grant.Form(0));
        grant.Answered?.Invoke(0, answer);
        signaturesPerAnswer[grant.Name] = AnswerSignatures.Count(answer);
    }
    var runs = new List<LoadResult>();
    foreach (var grant in grants)
    {
        runs.Add(await TokenEndpointLoad.RunAsync(grant.Name, token, grant.Form, grant.Answered, connections, TimeSpan.FromSeconds(2),
            TimeSpan.FromSeconds(seconds), ProviderCpu));
    }

    Console.WriteLine($"Provider: {assembly}");
    Console.WriteLine($"Identity token endpoint: {connections} connections, {warmup} s warm-up + {seconds} s per run, " +
        $"{Environment.ProcessorCount} cores shared by provider and load generator");
    Console.WriteLine($"Ceiling, same cores: {signatures.PerSecond:F0} RS256 signatures/s ({signatures.CpuMsEach:F2} ms CPU each); " +
        $"{passwordChecks.PerSecond:F0} PBKDF2-SHA256 password checks/s ({passwordChecks.CpuMsEach:F1} ms CPU each, 27,500 iterations, " +
        "paid once per password grant on purpose)");
    Console.WriteLine("'of RS256': req/s as a share of the signatures/s above. 'sigs': the provider's CPU per request in signatures' worth,");
    Console.WriteLine("which other work on the shared cores does not skew (the load generator's CPU comes on top). 'RSA': the RS256");
    Console.WriteLine("signatures in one answer (access, ID and embedded tokens), the least a request can cost: its share is at most 1 / RSA.");
    Console.WriteLine($"{"run",-40} {"requests",9} {"failed",7} {"req/s",8} {"of RS256",9} {"p50 ms",8} {"p99 ms",8} {"IdP CPU ms/req",15} {"sigs",6} {"RSA",4}");
    foreach (var r in runs)
    {
        Console.WriteLine($"{r.Name,-40} {r.Requests,9} {r.Failures,7} {r.RequestsPerSecond,8:F0} {r.RequestsPerSecond / signatures.PerSecond,9:P1} " +
            $"{r.P50Ms,8:F2} {r.P99Ms,8:F2} {r.ProviderCpuMsPerRequest,15:F2} {r.ProviderCpuMsPerRequest / signatures.CpuMsEach,6:F1} {signaturesPerAnswer[r.Name],4}");
    }
    return runs.Any(r => r.Failures > 0) ? 2 : 0;
}
finally
{
    identity.Kill(entireProcessTree: true);
    await identity.WaitForExitAsync();
    Directory.Delete(data, recursive: true);
}

int Option(string name, int fallback) => TextOption(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

string? TextOption(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
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

/// <summary>One grant of the benchmark: the form each connection sends next, and what it keeps from an answer.</summary>
internal sealed record Grant(string Name, Func<int, Dictionary<string, string>> Form, Action<int, JsonElement>? Answered = null);
