using OpenIddict.Abstractions;
using TokenJourney.Identity.Realm;
using TokenJourney.Identity.Tokens;

namespace TokenJourney.Identity.UnitTests;

/// <summary>What a token exchange yields for a client of the repository's realm: the audiences and scopes, or the OAuth error.</summary>
public sealed class TokenExchangePolicyTests
{
    private static readonly RealmModel Realm = RealmLoader.Load(RepositoryFiles.RealmFile, new RealmOptions(), "tokenjourney");

    private static TokenExchangeRequest Exchange(string client, string? audience, string? scope) =>
        TokenExchangeRequest.Resolve(Realm, Realm.Clients[client], new OpenIddictRequest
        {
            Audiences = audience is null ? null : [audience],
            Scope = scope,
        });

    [Fact]
    public void Orders_gets_a_token_for_inventory_with_exactly_the_scope_it_asked_for()
    {
        var result = Exchange("orders", "inventory", "inventory:reserve");

        Assert.Null(result.Error);
        Assert.Equal(["inventory"], result.Audiences);
        Assert.Equal(["inventory:reserve"], result.Scopes);
    }

    [Fact]
    public void Without_an_audience_the_scope_decides_it()
    {
        var result = Exchange("orders", null, "shipping:create");

        Assert.Null(result.Error);
        Assert.Equal(["shipping"], result.Audiences);
    }

    [Fact]
    public void Without_audience_or_scope_the_request_is_invalid()
    {
        Assert.Equal(OpenIddictConstants.Errors.InvalidRequest, Exchange("orders", null, null).Error?.Code);
    }

    [Fact]
    public void An_audience_the_client_has_no_scope_for_is_an_invalid_target()
    {
        var result = Exchange("orders", "gateway", null);

        Assert.Equal(OpenIddictConstants.Errors.InvalidTarget, result.Error?.Code);
        Assert.Empty(result.Audiences);
    }

    [Fact]
    public void A_scope_of_another_audience_is_an_invalid_scope()
    {
        var result = Exchange("orders", "inventory", "shipping:create");

        Assert.Equal(OpenIddictConstants.Errors.InvalidScope, result.Error?.Code);
        Assert.Contains("shipping:create", result.Error?.Description);
    }
}
