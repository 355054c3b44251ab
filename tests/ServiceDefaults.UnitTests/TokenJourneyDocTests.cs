using System.Text.RegularExpressions;

namespace TokenJourney.ServiceDefaults.UnitTests;

/// <summary>
/// docs/token-journey.md names code as <c>`path/File.cs:Method`</c>: each must still name an existing file that contains
/// the method, so a rename or a move that forgets the page fails here instead of misleading the next reader.
/// </summary>
public sealed partial class TokenJourneyDocTests
{
    private static readonly string Root = FindRoot();
    private static readonly string Doc = File.ReadAllText(Path.Combine(Root, "docs", "token-journey.md"));

    [GeneratedRegex(@"`(?<file>[\w./-]+\.(?:cs|js|json)):(?<member>\w+)`")]
    private static partial Regex CodeReference();

    [Fact]
    public void Every_file_and_method_the_journey_names_exists()
    {
        var references = CodeReference().Matches(Doc).Select(m => (File: m.Groups["file"].Value, Member: m.Groups["member"].Value)).Distinct().ToList();
        Assert.True(references.Count >= 40, $"Only {references.Count} `file:Method` references found: has the table format changed?");

        var broken = references
            .Select(r => (r.File, r.Member, Path: Path.Combine(Root, r.File)))
            .Where(r => !File.Exists(r.Path) || !Regex.IsMatch(File.ReadAllText(r.Path), $@"\b{Regex.Escape(r.Member)}\b"))
            .Select(r => File.Exists(r.Path) ? $"{r.File} has no {r.Member}" : $"{r.File} does not exist")
            .ToList();
        Assert.True(broken.Count == 0, "docs/token-journey.md is out of date:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void The_journey_has_its_four_paths_and_a_sequence_diagram_and_the_README_links_it()
    {
        foreach (var path in new[] { "## Happy path", "## Token expired in the queue", "## Revoked token", "## Key rotation" })
        {
            Assert.Contains(path, Doc);
        }
        Assert.Contains("```mermaid\nsequenceDiagram", Doc);
        Assert.Contains("(docs/token-journey.md)", File.ReadAllText(Path.Combine(Root, "README.md")));
    }

    [Fact]
    public void Every_relative_link_in_the_journey_resolves()
    {
        var links = Regex.Matches(Doc, @"\]\((?<target>\.\./[^)#]+)\)").Select(m => m.Groups["target"].Value).ToList();
        Assert.All(links, link => Assert.True(File.Exists(Path.GetFullPath(Path.Combine(Root, "docs", link))), $"{link} does not exist"));
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TokenJourney.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No TokenJourney.sln above {AppContext.BaseDirectory}.");
    }
}
