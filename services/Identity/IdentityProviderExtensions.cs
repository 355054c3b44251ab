using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using TokenJourney.ServiceDefaults.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using TokenJourney.Identity.Endpoints;
using TokenJourney.Identity.Keys;
using TokenJourney.Identity.Protocol;
using TokenJourney.Identity.Realm;
using TokenJourney.Identity.Storage;
using TokenJourney.Identity.Tokens;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TokenJourney.Identity;

public static class IdentityProviderExtensions
{
    /// <summary>
    /// Loads the realm and configures OpenIddict from it. The realm is read here, before the host is built, because the
    /// endpoint paths, scopes and audiences OpenIddict must know up front all come from it.
    /// </summary>
    public static WebApplicationBuilder AddIdentityProvider(this WebApplicationBuilder builder)
    {
        var provider = Bind<IdentityProviderOptions>(builder.Configuration.GetSection(IdentityProviderOptions.SectionName));
        var realmOptions = Bind<RealmOptions>(builder.Configuration.GetSection(RealmOptions.SectionName));
        var realmFile = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, realmOptions.File));
        RealmModel realm;
        try
        {
            realm = RealmLoader.Load(realmFile, realmOptions, provider.RealmName);
        }
        catch (RealmLoadException e)
        {
            throw new IdentityProviderConfigurationException(e.Message);
        }

        var dataDirectory = builder.DataDirectory();

        builder.Services.AddSingleton(Options.Create(provider));
        builder.Services.AddSingleton(realm);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new SigningKeyRing(dataDirectory, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(new InternalTokenKeys(dataDirectory));
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ServerKeysConfiguration>();
        builder.Services.AddSingleton<KeyRotation>();
        builder.Services.AddSingleton<KeycloakPrincipalFactory>();
        builder.Services.AddSingleton<RealmApplicationCache>();
        builder.Services.AddSingleton<BackchannelLogout>();
        builder.Services.AddScoped<SessionAuthorizations>();
        builder.Services.AddHttpClient(nameof(BackchannelLogout));
        builder.Services.AddHostedService<RealmClientRegistration>();

        // Browser sessions (the login cookie) and refresh tokens must survive a restart, so their keys live in the data directory.
        builder.Services.AddDataProtection()
            .SetApplicationName("TokenJourney.Identity")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "data-protection")));
        builder.Services.AddAuthentication(AuthorizationEndpoint.SessionScheme)
            .AddCookie(AuthorizationEndpoint.SessionScheme, cookie =>
            {
                cookie.Cookie.Name = "TOKENJOURNEY_SESSION";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.ExpireTimeSpan = realm.SsoSessionMaxLifespan;
                cookie.SlidingExpiration = false;
            });
        builder.Services.AddAuthorization();

        builder.AddSqliteStore<IdentityDbContext>(IdentityDatabase.FileName, db => db.UseOpenIddict(), pooled: true);
        builder.Services.AddSingleton(new IdentityDatabase(Path.Combine(dataDirectory, IdentityDatabase.FileName)));
        builder.Services.AddSingleton<TokenWriter>();

        var endpoints = new EndpointPaths(provider.RealmPath);
        builder.Services.AddSingleton(endpoints);
        builder.Services.AddOpenIddict()
            .AddCore(core =>
            {
                core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>();
                core.ReplaceApplicationManager<OpenIddictEntityFrameworkCoreApplication, RealmApplicationManager>();
                core.ReplaceTokenStore<OpenIddictEntityFrameworkCoreToken, SqliteTokenStore>();
                core.ReplaceAuthorizationStore<OpenIddictEntityFrameworkCoreAuthorization, SqliteAuthorizationStore>();
            })
            .AddServer(server =>
            {
                server.SetIssuer(provider.AuthorityUri);
                server.SetConfigurationEndpointUris(endpoints.Configuration)
                    .SetAuthorizationEndpointUris(endpoints.Authorization)
                    .SetTokenEndpointUris(endpoints.Token)
                    .SetJsonWebKeySetEndpointUris(endpoints.Certs)
                    .SetIntrospectionEndpointUris(endpoints.Introspection)
                    .SetRevocationEndpointUris(endpoints.Revocation)
                    .SetEndSessionEndpointUris(endpoints.Logout)
                    .SetUserInfoEndpointUris(endpoints.UserInfo);

                server.AllowAuthorizationCodeFlow()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow()
                    .AllowPasswordFlow()
                    .AllowTokenExchangeFlow();

                server.RegisterScopes([Scopes.OpenId, .. realm.Scopes.Keys]);
                server.RegisterAudiences([.. realm.Audiences]);
                // The realm decides which client may use which scope and audience (RealmTokenRequestPolicy), with the
                // error codes Keycloak and RFC 8693 use; OpenIddict's own permission checks would answer invalid_request.
                server.IgnoreScopePermissions();
                server.IgnoreAudiencePermissions();

                // Services validate access tokens themselves from the JWKS, so access tokens are signed, not encrypted.
                server.DisableAccessTokenEncryption();
                server.SetAccessTokenLifetime(realm.AccessTokenLifespan)
                    .SetAuthorizationCodeLifetime(realm.AccessCodeLifespan)
                    .SetRefreshTokenLifetime(realm.SsoSessionIdleTimeout);
                if (realm.RevokeRefreshToken && realm.RefreshTokenMaxReuse == 0)
                {
                    // Keycloak's "revoke refresh token" with max reuse 0: a rotated refresh token used again is a theft
                    // signal; OpenIddict then revokes the whole chain. No grace period.
                    server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                }

                // Only what works is offered: clients authenticate with their secret (no client has keys for
                // private_key_jwt), and PKCE is S256 only, as the realm's pkce.code.challenge.method asks (RFC 9700 2.1.1).
                server.Configure(options =>
                {
                    options.ClientAuthenticationMethods.Remove(ClientAuthenticationMethods.PrivateKeyJwt);
                    options.ClientAssertionTypes.Clear();
                    options.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
                });
                server.RegisterClaims([.. KeycloakPrincipalFactory.ClaimsSupported]);

                server.AddEventHandler(RealmTokenRequestPolicy.Descriptor);
                server.AddEventHandler(RepeatedParametersAreRefused.Descriptor);
                server.AddEventHandler(AuthorizationErrorsGoBackToTheClient.Descriptor);
                server.AddEventHandler(TokenExchangeErrorsAreInvalidRequest.Descriptor);
                server.AddEventHandler(RevokingARefreshTokenEndsItsGrant.Descriptor);
                server.AddEventHandler(RevokedAccessTokensAreAnnounced.Descriptor);
                server.AddEventHandler(DiscoveryListsBackchannelLogout.Descriptor);
                server.AddEventHandler(OpaqueAccessTokensForClients.Descriptor);
                server.AddEventHandler(ServiceAccessTokensAreNotStored.Descriptor);
                server.AddEventHandler(IdentityTokensAreNotStored.Descriptor);
                server.AddEventHandler(PublicTokensAreSignedWithTheActiveKey.Descriptor);
                server.AddEventHandler(RefreshTokensForClients.Descriptor);
                server.AddEventHandler(AccessTokensCarryEmbeddedTokens.Descriptor);
                server.AddEventHandler(IntrospectionUsernameIsPreferredUsername.Descriptor);
                server.AddEventHandler(ExpiresInIsTheTokenLifetime.Descriptor);

                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    // Local runs are plain http on loopback, like Keycloak's dev mode; put TLS in front in production.
                    .DisableTransportSecurityRequirement();
            });
        // OpenIddict registers its filters as singletons; the set is taken once everything is registered above.
        var singletons = builder.Services.Where(service => service.Lifetime == ServiceLifetime.Singleton).Select(service => service.ServiceType).ToHashSet();
        builder.Services.AddSingleton(new ServerPipelines(singletons));
        builder.Services.Replace(ServiceDescriptor.Scoped<IOpenIddictServerDispatcher, ServerDispatcher>());
        return builder;
    }

    public static WebApplication MapIdentityProvider(this WebApplication app)
    {
        var paths = app.Services.GetRequiredService<EndpointPaths>();
        app.UseUserInfoPostWithoutBody(paths.Absolute(paths.UserInfo));
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapMethods(paths.Absolute(paths.Authorization), [HttpMethods.Get, HttpMethods.Post], AuthorizationEndpoint.HandleAsync);
        app.MapPost(paths.Absolute(paths.LoginAction), AuthorizationEndpoint.LoginAsync).DisableAntiforgery();
        app.MapPost(paths.Absolute(paths.Token), TokenEndpoint.HandleAsync);
        app.MapMethods(paths.Absolute(paths.Logout), [HttpMethods.Get, HttpMethods.Post], LogoutEndpoint.HandleAsync);
        app.MapMethods(paths.Absolute(paths.UserInfo), [HttpMethods.Get, HttpMethods.Post], UserInfoEndpoint.HandleAsync);
        app.MapPost(paths.Absolute(paths.RotateKeys), KeyRotationEndpoint.HandleAsync);
        return app;
    }

    private static T Bind<T>(IConfigurationSection section) where T : class, new()
    {
        var options = section.Get<T>() ?? new T();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new IdentityProviderConfigurationException(string.Join(" ", results.Select(r => r.ErrorMessage)));
        }
        return options;
    }
}
