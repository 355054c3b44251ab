using System.Diagnostics;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Identity;

/// <summary>The identity provider's build output as a process of the test's own, outside AppHost, with its output redirected.</summary>
internal static class StandaloneIdentity
{
    public static ProcessStartInfo StartInfo(string urls, string authority, string realmFile, string dataDirectory)
    {
        var project = Path.Combine(MachineSetup.RepositoryRoot, "services", "Identity");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = project,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(project, "bin", MachineSetup.BuildConfiguration, "net10.0", "Identity.dll"));
        start.Environment["ASPNETCORE_URLS"] = urls;
        start.Environment["Identity__Authority"] = authority;
        start.Environment["Realm__File"] = realmFile;
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        // Its traces are not part of the run under test.
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        return start;
    }
}
