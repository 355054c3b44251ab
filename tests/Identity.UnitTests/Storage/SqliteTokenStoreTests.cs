using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using TokenJourney.Identity.Storage;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace TokenJourney.Identity.UnitTests.Storage;

public sealed class SqliteTokenStoreTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_created_token_is_found_with_its_application_authorization_and_dates()
    {
        await using var store = await IdentityStore.CreateAsync();
        var authorizationId = await store.CreateAuthorizationAsync("alice");
        var tokenId = await store.CreateTokenAsync(authorizationId, TokenTypeIdentifiers.RefreshToken);

        await using var scope = store.Scope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var token = await tokens.FindByIdAsync(tokenId, Cancel);
        Assert.NotNull(token);
        Assert.Equal(store.ApplicationId, await tokens.GetApplicationIdAsync(token, Cancel));
        Assert.Equal(authorizationId, await tokens.GetAuthorizationIdAsync(token, Cancel));
        Assert.Equal(Statuses.Valid, await tokens.GetStatusAsync(token, Cancel));
        Assert.Equal("alice", await tokens.GetSubjectAsync(token, Cancel));
        Assert.Equal(TokenTypeIdentifiers.RefreshToken, await tokens.GetTypeAsync(token, Cancel));
        var expires = await tokens.GetExpirationDateAsync(token, Cancel);
        Assert.InRange(expires!.Value, DateTimeOffset.UtcNow.AddMinutes(29), DateTimeOffset.UtcNow.AddMinutes(31));
    }

    [Fact]
    public async Task EF_Core_reads_the_rows_written_here_the_same_way()
    {
        await using var store = await IdentityStore.CreateAsync();
        var authorizationId = await store.CreateAuthorizationAsync("alice");
        var tokenId = await store.CreateTokenAsync(authorizationId, TokenTypeIdentifiers.RefreshToken);

        // FindByAuthorizationIdAsync is still EF Core's query: dates, ids and the foreign keys must be what it expects.
        await using var scope = store.Scope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var found = new List<object>();
        await foreach (var token in tokens.FindByAuthorizationIdAsync(authorizationId, Cancel))
        {
            found.Add(token);
        }
        var only = Assert.Single(found);
        Assert.Equal(tokenId, await tokens.GetIdAsync(only, Cancel));
        Assert.Equal(store.ApplicationId, await tokens.GetApplicationIdAsync(only, Cancel));
        Assert.True(await tokens.GetExpirationDateAsync(only, Cancel) > DateTimeOffset.UtcNow.AddMinutes(29));
    }

    [Fact]
    public async Task A_refresh_token_is_redeemed_once_when_several_requests_redeem_it_at_the_same_time()
    {
        await using var store = await IdentityStore.CreateAsync();
        var tokenId = await store.CreateTokenAsync(await store.CreateAuthorizationAsync("alice"), TokenTypeIdentifiers.RefreshToken);

        // Eight requests that all read the token while it was valid, then all try to redeem it.
        var scopes = Enumerable.Range(0, 8).Select(_ => store.Scope()).ToList();
        try
        {
            var reads = new List<(IOpenIddictTokenManager Tokens, object Token)>();
            foreach (var scope in scopes)
            {
                var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
                reads.Add((tokens, (await tokens.FindByIdAsync(tokenId, Cancel))!));
            }
            var redeemed = await Task.WhenAll(reads.Select(read => Task.Run(async () => await read.Tokens.TryRedeemAsync(read.Token, Cancel))));
            Assert.Equal(1, redeemed.Count(r => r));
        }
        finally
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }
        Assert.Equal(Statuses.Redeemed, await store.StatusAsync(tokenId));
    }

    [Fact]
    public async Task Revoking_an_authorization_revokes_every_token_of_its_chain_and_no_other()
    {
        await using var store = await IdentityStore.CreateAsync();
        var chain = await store.CreateAuthorizationAsync("alice");
        var other = await store.CreateAuthorizationAsync("alice");
        var rotated = await store.CreateTokenAsync(chain, TokenTypeIdentifiers.RefreshToken);
        var current = await store.CreateTokenAsync(chain, TokenTypeIdentifiers.RefreshToken);
        var access = await store.CreateTokenAsync(chain, TokenTypeIdentifiers.AccessToken);
        var otherSession = await store.CreateTokenAsync(other, TokenTypeIdentifiers.RefreshToken);

        await using (var scope = store.Scope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
            Assert.True(await tokens.TryRedeemAsync((await tokens.FindByIdAsync(rotated, Cancel))!, Cancel));
            Assert.Equal(3, await tokens.RevokeByAuthorizationIdAsync(chain, Cancel));
        }

        Assert.Equal(Statuses.Revoked, await store.StatusAsync(rotated));
        Assert.Equal(Statuses.Revoked, await store.StatusAsync(current));
        Assert.Equal(Statuses.Revoked, await store.StatusAsync(access));
        Assert.Equal(Statuses.Valid, await store.StatusAsync(otherSession));
    }

    [Fact]
    public async Task An_authorization_read_here_is_revoked_once_and_stays_revoked()
    {
        await using var store = await IdentityStore.CreateAsync();
        var authorizationId = await store.CreateAuthorizationAsync("alice");

        await using (var first = store.Scope())
        await using (var second = store.Scope())
        {
            var a = first.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
            var b = second.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
            var readByA = (await a.FindByIdAsync(authorizationId, Cancel))!;
            var readByB = (await b.FindByIdAsync(authorizationId, Cancel))!;
            Assert.Equal(store.ApplicationId, await a.GetApplicationIdAsync(readByA, Cancel));
            Assert.True(await a.TryRevokeAsync(readByA, Cancel));
            // B read it before A revoked it: its update is refused rather than overwriting A's.
            Assert.False(await b.TryRevokeAsync(readByB, Cancel));
        }

        await using var scope = store.Scope();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        var authorization = (await authorizations.FindByIdAsync(authorizationId, Cancel))!;
        Assert.True(await authorizations.HasStatusAsync(authorization, Statuses.Revoked, Cancel));
        // The row keeps its application (the update writes every column back).
        Assert.Equal(store.ApplicationId, await authorizations.GetApplicationIdAsync(authorization, Cancel));
    }

    [Fact]
    public async Task A_token_that_EF_Core_read_is_still_saved_by_EF_Core()
    {
        await using var store = await IdentityStore.CreateAsync();
        var authorizationId = await store.CreateAuthorizationAsync("alice");
        var tokenId = await store.CreateTokenAsync(authorizationId, TokenTypeIdentifiers.RefreshToken);

        await using (var scope = store.Scope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
            await foreach (var token in tokens.FindBySubjectAsync("alice", Cancel))
            {
                Assert.True(await tokens.TryRevokeAsync(token, Cancel));
            }
            // The context's view stayed consistent: a later save of the same context has nothing stale to write.
            await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().SaveChangesAsync(Cancel);
        }
        Assert.Equal(Statuses.Revoked, await store.StatusAsync(tokenId));
    }
}
