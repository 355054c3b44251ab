using System.ComponentModel.DataAnnotations;

namespace TokenJourney.Identity.Realm;

/// <summary>Where the realm comes from and what the host tells the provider about it (section <c>Realm</c>).</summary>
public sealed class RealmOptions
{
    public const string SectionName = "Realm";

    [Required(ErrorMessage = "Realm:File is required: the path of the Keycloak realm export to serve (keycloak-realm/tokenjourney-realm.json).")]
    public string File { get; set; } = "";

    /// <summary>
    /// Client root URLs by client id, overriding the realm's <c>rootUrl</c>: clients run on free ports in tests, and
    /// their relative redirect and back-channel logout URLs resolve against this, as Keycloak resolves them against rootUrl.
    /// </summary>
    public Dictionary<string, string> RootUrls { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Clients that receive opaque reference access tokens instead of JWTs. Keycloak has no such switch; the built-in
    /// provider uses it so the client app holds a token that means nothing outside the provider (phantom token pattern).
    /// </summary>
    public List<string> OpaqueAccessTokenClients { get; set; } = [];
}
