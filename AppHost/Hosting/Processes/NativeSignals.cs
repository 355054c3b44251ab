using System.Runtime.InteropServices;

namespace TokenJourney.AppHost.Hosting.Processes;

/// <summary>POSIX signals .NET does not expose: Process.Kill only sends SIGKILL, which skips a graceful shutdown.</summary>
internal static partial class NativeSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static void Send(int pid, int signal) => _ = Kill(pid, signal);
}
