namespace TokenJourney.Identity.UnitTests;

/// <summary>Files of the repository these tests read, found from the test assembly's folder upwards.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string RealmFile => Path.Combine(Root, "keycloak-realm", "tokenjourney-realm.json");

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
