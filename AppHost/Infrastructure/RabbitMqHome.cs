using System.Text.RegularExpressions;

namespace TokenJourney.AppHost.Infrastructure;

/// <summary>
/// A RabbitMQ home of the broker's own in its data folder: links to the installed launch scripts (sbin/) and to only
/// the Erlang applications the broker boots with (plugins/): rabbit, the enabled plugins and what their .app files
/// say they need.
/// </summary>
/// <remarks>
/// RabbitMQ's launcher puts every application of the installation on the VM's code path (ERL_LIBS is
/// &lt;home&gt;/plugins, and the home is where the scripts are: 70 applications in Debian's 3.10 package, of which the
/// broker with its management UI uses 26). The VM looks for each module it loads in those directories one after the
/// other: about 55,000 failed opens per boot, close to half of the broker's start-up CPU (5.4-6.5 CPU-s, 3.1-3.7 s to
/// answer AMQP with the narrowed path instead of 6.6-8.0 s; benchmarks/README.md). The installation is not touched.
/// Where its layout is another one, or an application the broker needs is a .ez archive, the broker runs as installed.
/// </remarks>
internal sealed partial class RabbitMqHome
{
    private readonly string _installation;
    private readonly string _directory;
    private readonly IReadOnlyCollection<string> _applications;

    private RabbitMqHome(string installation, string directory, IReadOnlyCollection<string> applications)
    {
        _installation = installation;
        _directory = directory;
        _applications = applications;
    }

    /// <summary>The launcher the orchestrator runs: the installed one, through the home's link.</summary>
    public string Launcher => Path.Combine(ScriptsDirectory, "rabbitmq-server");

    /// <summary>Where the scripts find the home (RABBITMQ_SCRIPTS_DIR; the home is its parent).</summary>
    public string ScriptsDirectory => Path.Combine(_directory, "sbin");

    /// <summary>
    /// The home under <paramref name="directory"/> for the installation behind <paramref name="launcher"/> (an
    /// installed rabbitmq-server, or a link to it), or null when the installation does not have the layout it relies
    /// on (sbin/ and plugins/ side by side) or an application the broker needs is a .ez archive.
    /// </summary>
    public static RabbitMqHome? For(string launcher, string directory, IEnumerable<string> enabledPlugins)
    {
        var script = File.ResolveLinkTarget(launcher, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(launcher);
        var installation = Path.GetDirectoryName(Path.GetDirectoryName(script));
        if (installation is null || !File.Exists(Path.Combine(installation, "sbin", "rabbitmq-env")) ||
            !Directory.Exists(Path.Combine(installation, "plugins")))
        {
            return null;
        }
        var pluginsDirectory = Path.Combine(installation, "plugins");
        var installed = Directory.EnumerateDirectories(pluginsDirectory)
            .Select(path => (Path: path, Name: ApplicationName(path)))
            .Where(app => File.Exists(AppFile(app.Path, app.Name)))
            .ToDictionary(app => app.Name, app => app.Path);
        var archived = Directory.EnumerateFiles(pluginsDirectory, "*.ez")
            .Select(path => ApplicationName(Path.ChangeExtension(path, null))).ToHashSet();

        var needed = new Dictionary<string, string>();
        var pending = new Stack<string>(["rabbit", .. enabledPlugins]);
        while (pending.TryPop(out var name))
        {
            if (archived.Contains(name))
            {
                return null;
            }
            // Not in the installation: one of OTP's (kernel, mnesia, ssl), on the code path from Erlang's root.
            if (needed.ContainsKey(name) || !installed.TryGetValue(name, out var path))
            {
                continue;
            }
            needed[name] = path;
            foreach (var dependency in Dependencies(AppFile(path, name)))
            {
                pending.Push(dependency);
            }
        }
        return new RabbitMqHome(installation, directory, needed.Values);
    }

    /// <summary>Creates the home's links again, so an upgraded installation takes effect at the next start.</summary>
    public void Create()
    {
        Recreate(ScriptsDirectory);
        foreach (var script in Directory.EnumerateFiles(Path.Combine(_installation, "sbin")))
        {
            File.CreateSymbolicLink(Path.Combine(ScriptsDirectory, Path.GetFileName(script)), script);
        }
        var plugins = Path.Combine(_directory, "plugins");
        Recreate(plugins);
        foreach (var application in _applications)
        {
            Directory.CreateSymbolicLink(Path.Combine(plugins, Path.GetFileName(application)), application);
        }
        // The CLI tools (rabbitmqctl and friends) read their escripts from <home>/escript.
        var escripts = Path.Combine(_directory, "escript");
        if (!Path.Exists(escripts) && Directory.Exists(Path.Combine(_installation, "escript")))
        {
            Directory.CreateSymbolicLink(escripts, Path.Combine(_installation, "escript"));
        }
    }

    /// <summary>The applications an .app file names as needed, included or optional.</summary>
    private static IEnumerable<string> Dependencies(string appFile)
    {
        var text = File.ReadAllText(appFile);
        return DependencyLists().Matches(text)
            .SelectMany(match => match.Groups["names"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }

    // The installation's directories (and archives) are <application>-<version>.
    private static string ApplicationName(string path)
    {
        var name = Path.GetFileName(path);
        var dash = name.LastIndexOf('-');
        return dash > 0 ? name[..dash] : name;
    }

    private static string AppFile(string path, string name) => Path.Combine(path, "ebin", $"{name}.app");

    private static void Recreate(string directory)
    {
        if (Directory.Exists(directory))
        {
            // Links only: deleting one never touches what it points at.
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
            {
                entry.Delete();
            }
        }
        Directory.CreateDirectory(directory);
    }

    [GeneratedRegex(@"\{(?:applications|included_applications|optional_applications),\s*\[(?<names>[^\]]*)\]")]
    private static partial Regex DependencyLists();
}
