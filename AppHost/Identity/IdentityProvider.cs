namespace TokenJourney.AppHost.Identity;

/// <summary>
/// The identity provider every service trusts, wherever it runs: the built-in provider (a service of this
/// repository), a Keycloak container, or an external Keycloak named by <c>Identity:Authority</c>. Services learn only
/// its authority (the realm URL, every token's issuer) and, if they are confidential clients, their credentials.
/// </summary>
public sealed class IdentityProvider(IResourceBuilder<IResourceWithEndpoints>? resource, ReferenceExpression authority, RealmFile realm)
{
    /// <summary>The resource to wait for; null when the provider is external and nothing is started for it.</summary>
    public IResourceBuilder<IResourceWithEndpoints>? Resource { get; } = resource;

    public ReferenceExpression Authority { get; } = authority;

    public RealmFile Realm { get; } = realm;
}
