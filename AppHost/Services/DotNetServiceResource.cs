namespace TokenJourney.AppHost.Services;

/// <summary>
/// A .NET service of this repository, run from its build output (the ReadyToRun copy when it is current) instead of
/// through <c>dotnet run</c>: Aspire starts a project resource with <c>dotnet run</c>, which evaluates the project
/// again at every start and runs it under a second process. Discoverable by name like a project resource
/// (<c>services__{name}__http__0</c>).
/// </summary>
public class DotNetServiceResource(string name, string assemblyPath, string workingDirectory)
    : ExecutableResource(name, "dotnet", workingDirectory), IResourceWithServiceDiscovery
{
    /// <summary>The assembly <c>dotnet</c> runs: ReadyToRun publish output or plain build output.</summary>
    public string AssemblyPath { get; } = assemblyPath;
}
