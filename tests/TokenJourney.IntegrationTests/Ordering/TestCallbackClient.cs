using System.Net;

namespace TokenJourney.IntegrationTests.Ordering;

/// <summary>
/// The webhook client the integration tests' callback listener is, as Orders must know it: configured by the test host
/// only (never in Orders' own settings, where it would let any signed-in user point callbacks at this machine's ports).
/// The test host passes <see cref="OrdersEnvironment"/> to the orders resource.
/// </summary>
public static class TestCallbackClient
{
    public const string Name = "loopback";

    /// <summary>A throw-away Standard Webhooks secret, shared by Orders (through the test host) and <see cref="CallbackListener"/>.</summary>
    public const string Secret = "whsec_dG9rZW5qb3VybmV5LXRlc3QtbG9vcGJhY2stY2xpZW50IQ==";

    /// <summary>
    /// This machine's own host name: it resolves to a loopback or private address (Debian's /etc/hosts, a container's
    /// address), so the tests use it as a callback host that resolves inside without naming the address.
    /// </summary>
    public static string MachineHostName { get; } = Dns.GetHostName().ToLowerInvariant();

    /// <summary>
    /// The listener's URLs on 127.0.0.1 at any port (named explicitly, so delivered to), and any port of this machine's
    /// host name (admitted at registration, refused at delivery: a name that resolves inside).
    /// </summary>
    public static IReadOnlyDictionary<string, string> OrdersEnvironment() => new Dictionary<string, string>
    {
        [$"Webhooks__Clients__{Name}__Secret"] = Secret,
        [$"Webhooks__Clients__{Name}__AllowedCallbackUrls__0"] = "http://127.0.0.1:*/",
        [$"Webhooks__Clients__{Name}__AllowedCallbackUrls__1"] = $"http://{MachineHostName}:*/",
    };
}
