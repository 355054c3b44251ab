namespace TokenJourney.Identity;

/// <summary>Keycloak's paths under the realm, relative to the host as OpenIddict wants them (e.g. <c>realms/tokenjourney/...</c>).</summary>
public sealed class EndpointPaths(string realmPath)
{
    private string Protocol => realmPath + "protocol/openid-connect/";

    public string Configuration => realmPath + ".well-known/openid-configuration";
    public string Authorization => Protocol + "auth";
    public string Token => Protocol + "token";
    public string Certs => Protocol + "certs";
    public string Introspection => Protocol + "token/introspect";
    public string Revocation => Protocol + "revoke";
    public string Logout => Protocol + "logout";
    public string UserInfo => Protocol + "userinfo";
    /// <summary>Where the login form posts (Keycloak's login-actions), so the OAuth parameters stay in the query.</summary>
    public string LoginAction => realmPath + "login-actions/authenticate";
    public string RotateKeys => realmPath + "admin/keys/rotate";

    public string Absolute(string relative) => "/" + relative;
}
