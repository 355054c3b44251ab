namespace TokenJourney.IntegrationTests.Hosting;

/// <summary>Reads Linux's /proc to tell which processes are alive and who descends from whom.</summary>
public static class ProcessTree
{
    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            // A zombie (state Z) has exited and only waits to be reaped: it is not running anything.
            return File.Exists(stat) && State(File.ReadAllText(stat)) != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Every process below <paramref name="root"/>, children and grandchildren alike.</summary>
    public static IReadOnlyList<int> DescendantsOf(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        var found = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (pid, _) in parents.Where(p => p.Value == parent))
            {
                found.Add(pid);
                frontier.Enqueue(pid);
            }
        }
        return found;
    }

    /// <summary>
    /// Every process an AppHost's run consists of: its own descendants and those of the DCP orchestrator it started,
    /// which detaches from AppHost (its parent becomes init) and watches it by process id (<c>--monitor {pid}</c>).
    /// </summary>
    public static IReadOnlyList<int> OfAppHostRun(int apphost)
    {
        var orchestrators = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && CommandLine(pid) is var command && command.Contains("dcp", StringComparison.Ordinal)
                && command.Contains($"--monitor {apphost} ", StringComparison.Ordinal))
            .ToList();
        return [.. DescendantsOf(apphost), .. orchestrators, .. orchestrators.SelectMany(DescendantsOf)];
    }

    /// <summary>The command line of a process, empty once it has gone.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>SIGKILL to each process still alive: what a test's finally does so a failure leaves nothing running.</summary>
    public static void Kill(IEnumerable<int> pids)
    {
        foreach (var pid in pids.Where(IsAlive))
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone in the meantime.
            }
        }
    }

    private static char State(string stat) => stat[stat.LastIndexOf(')') + 2];
}
