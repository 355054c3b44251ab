using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace TokenJourney.Benchmarks.Identity;

/// <summary>
/// What these cores can do at most, measured in the same run as the load (the provider idle meanwhile): RS256 signatures
/// per second on every core, the physical ceiling for issuing signed tokens; and PBKDF2 password checks per second, which
/// the password grant pays on purpose and which is therefore reported apart.
/// </summary>
internal static class MachineCeiling
{
    /// <summary>How many a second on every core, and the CPU time each took (robust when other work shares the cores).</summary>
    public sealed record Rate(double PerSecond, double CpuMsEach);

    /// <summary>Keycloak's pbkdf2-sha256 default, as the provider's PasswordVerifier uses it.</summary>
    private const int PasswordIterations = 27_500;

    public static Rate Rs256Signatures(TimeSpan duration)
    {
        // A signing input of an access token's size (header and payload, base64url, about 900 bytes); a key per thread.
        var input = Encoding.ASCII.GetBytes(new string('a', 900));
        var keys = new ThreadLocal<RSA>(() => RSA.Create(2048), trackAllValues: true);
        try
        {
            return OnEveryCore(duration, () => keys.Value!.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        }
        finally
        {
            foreach (var key in keys.Values) key.Dispose();
            keys.Dispose();
        }
    }

    public static Rate PasswordChecks(TimeSpan duration)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return OnEveryCore(duration, () => Rfc2898DeriveBytes.Pbkdf2("alice"u8, salt, PasswordIterations, HashAlgorithmName.SHA256, 32));
    }

    private static Rate OnEveryCore(TimeSpan duration, Action work)
    {
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        long done = 0;
        long start = 0;
        var cores = Environment.ProcessorCount;
        // Every thread warms up (and creates its key) first; the clock starts when the last one is ready.
        using var ready = new Barrier(cores, _ => start = Stopwatch.GetTimestamp());
        var ticks = (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var threads = Enumerable.Range(0, cores).Select(_ => new Thread(() =>
        {
            work();
            ready.SignalAndWait();
            var end = start + ticks;
            long mine = 0;
            while (Stopwatch.GetTimestamp() < end)
            {
                work();
                mine++;
            }
            Interlocked.Add(ref done, mine);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        process.Refresh();
        return new Rate(done / duration.TotalSeconds, (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / done);
    }
}
