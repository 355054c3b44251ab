using TokenJourney.AppHost.Services;

namespace TokenJourney.AppHost.Identity;

/// <summary>services/Identity: OpenIddict serving a Keycloak realm export at Keycloak's paths.</summary>
public sealed class BuiltInKeycloakResource(string name, string assemblyPath, string workingDirectory)
    : DotNetServiceResource(name, assemblyPath, workingDirectory);
