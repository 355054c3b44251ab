using TokenJourney.Identity;

// The built-in identity provider: OpenIddict serving the Keycloak realm in keycloak-realm/ at Keycloak's own paths.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
try
{
    builder.AddIdentityProvider();
}
catch (IdentityProviderConfigurationException e)
{
    // A missing or broken realm file or setting is a configuration fault, not a crash: say what to fix and stop.
    Console.Error.WriteLine($"identity: cannot start: {e.Message}");
    return 1;
}

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapIdentityProvider();
await app.RunAsync();
return 0;
