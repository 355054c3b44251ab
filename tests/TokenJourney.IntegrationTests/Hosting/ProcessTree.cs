namespace TokenJourney.IntegrationTests.Hosting;

/// <summary>Reads Linux's /proc to tell which processes are alive and who their parent is.</summary>
public static class ProcessTree
{
    public static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }
        try
        {
            // A zombie (state Z) has exited and only waits to be reaped: it is not running anything.
            return State(File.ReadAllText(stat)) != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static IReadOnlyList<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1]) == parent)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        return children;
    }

    private static char State(string stat) => stat[stat.LastIndexOf(')') + 2];
}
