using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TokenJourney.AppHost.Infrastructure;

/// <summary>
/// The broker's schema, imported at boot (RabbitMQ's recommended way to pre-configure a node; on a run folder's
/// first boot and whenever the file changes): the default virtual host, the guest user the services connect as
/// (reachable on loopback only), and a lazy-queue policy. A boot-time import replaces RabbitMQ's own creation of the
/// default user and virtual host, so both are here.
/// </summary>
internal static class RabbitMqDefinitions
{
    public const string User = "guest";
    public const string Password = "guest";

    /// <summary>
    /// Every queue is lazy: messages go to disk as they arrive and are read back on delivery, instead of being held
    /// in the queue process's memory. A backlog is this system's point (Shipping down while orders wait), and a queue
    /// holding tens of thousands of messages in memory spends the broker's CPU on garbage collection; lazy, the broker
    /// spends less CPU per message and Shipping drains a backlog faster, with no loss in order latency
    /// (benchmarks/README.md, "RabbitMQ: lazy queues"). Applied as a policy, so queues declared before it (a run folder
    /// kept from an earlier version) get it too; a queue argument would not match theirs and fail their declaration.
    /// </summary>
    private static readonly object LazyQueuesPolicy = new Dictionary<string, object>
    {
        ["vhost"] = "/",
        ["name"] = "lazy-queues",
        ["pattern"] = ".*",
        ["apply-to"] = "queues",
        ["priority"] = 0,
        ["definition"] = new Dictionary<string, object> { ["queue-mode"] = "lazy" },
    };

    public static void Write(string path)
    {
        var definitions = new Dictionary<string, object>
        {
            ["vhosts"] = new[] { new Dictionary<string, object> { ["name"] = "/" } },
            ["users"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["name"] = User,
                    ["password_hash"] = PasswordHash(Password),
                    ["hashing_algorithm"] = "rabbit_password_hashing_sha256",
                    ["tags"] = "administrator",
                },
            },
            ["permissions"] = new[]
            {
                new Dictionary<string, object> { ["user"] = User, ["vhost"] = "/", ["configure"] = ".*", ["write"] = ".*", ["read"] = ".*" },
            },
            ["policies"] = new[] { LazyQueuesPolicy },
        };
        File.WriteAllText(path, JsonSerializer.Serialize(definitions));
    }

    /// <summary>
    /// RabbitMQ's SHA-256 password hash: base64 of a 4-byte salt followed by SHA-256(salt + UTF-8 password). The salt
    /// is derived from the password, not random, so the file is the same at every boot and the broker skips importing
    /// it again; for the well-known local-only guest/guest a random salt would protect nothing.
    /// </summary>
    private static string PasswordHash(string password)
    {
        var salt = SHA256.HashData(Encoding.UTF8.GetBytes("rabbitmq-salt:" + password))[..4];
        var hash = SHA256.HashData([.. salt, .. Encoding.UTF8.GetBytes(password)]);
        return Convert.ToBase64String([.. salt, .. hash]);
    }
}
