using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using OpenIddict.EntityFrameworkCore.Models;
using TokenJourney.Identity.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TokenJourney.Identity.UnitTests.Storage;

/// <summary>
/// The provider's OpenIddict stores on a real SQLite file in a temporary folder, wired as the provider wires them:
/// EF Core for applications, SqliteTokenStore and SqliteAuthorizationStore, one TokenWriter.
/// </summary>
public sealed class IdentityStore : IAsyncDisposable
{
    private readonly TemporaryFolder folder = new();
    private readonly ServiceProvider services;

    private IdentityStore()
    {
        var path = folder.File(IdentityDatabase.FileName);
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddDbContext<IdentityDbContext>(db => db.UseSqlite($"Data Source={path};Pooling=true").UseOpenIddict());
        collection.AddSingleton(new IdentityDatabase(path));
        collection.AddSingleton<TokenWriter>();
        collection.AddOpenIddict().AddCore(core =>
        {
            core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>();
            core.ReplaceTokenStore<OpenIddictEntityFrameworkCoreToken, SqliteTokenStore>();
            core.ReplaceAuthorizationStore<OpenIddictEntityFrameworkCoreAuthorization, SqliteAuthorizationStore>();
        });
        services = collection.BuildServiceProvider(validateScopes: true);
    }

    public string ApplicationId { get; private set; } = "";

    public static async Task<IdentityStore> CreateAsync()
    {
        var store = new IdentityStore();
        await using var scope = store.Scope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        await db.Database.EnsureCreatedAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var application = await applications.CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = "journey-tests", ClientSecret = "journey-tests-secret", ClientType = ClientTypes.Confidential,
        });
        store.ApplicationId = (await applications.GetIdAsync(application))!;
        return store;
    }

    /// <summary>One request's worth of services (OpenIddict's managers and stores are scoped, as the DbContext).</summary>
    public AsyncServiceScope Scope() => services.CreateAsyncScope();

    public async Task<string> CreateAuthorizationAsync(string subject)
    {
        await using var scope = Scope();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        var authorization = await authorizations.CreateAsync(new OpenIddictAuthorizationDescriptor
        {
            ApplicationId = ApplicationId, CreationDate = DateTimeOffset.UtcNow, Status = Statuses.Valid, Subject = subject,
            Type = AuthorizationTypes.AdHoc,
        });
        return (await authorizations.GetIdAsync(authorization))!;
    }

    public async Task<string> CreateTokenAsync(string authorizationId, string type, string subject = "alice")
    {
        await using var scope = Scope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var token = await tokens.CreateAsync(new OpenIddictTokenDescriptor
        {
            ApplicationId = ApplicationId, AuthorizationId = authorizationId, CreationDate = DateTimeOffset.UtcNow,
            ExpirationDate = DateTimeOffset.UtcNow.AddMinutes(30), Status = Statuses.Valid, Subject = subject, Type = type,
        });
        return (await tokens.GetIdAsync(token))!;
    }

    public async Task<string?> StatusAsync(string tokenId)
    {
        await using var scope = Scope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        return await tokens.FindByIdAsync(tokenId) is { } token ? await tokens.GetStatusAsync(token) : null;
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        folder.Dispose();
    }
}
