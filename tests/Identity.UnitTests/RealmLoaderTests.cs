using TokenJourney.Identity.Realm;

namespace TokenJourney.Identity.UnitTests;

/// <summary>The realm loader on the repository's realm file and on broken ones: what the provider serves, or why it will not start.</summary>
public sealed class RealmLoaderTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_repository_realm_loads_with_the_clients_and_scopes_of_the_journey()
    {
        var realm = RealmLoader.Load(RepositoryFiles.RealmFile, new RealmOptions(), "tokenjourney");

        Assert.Equal("tokenjourney", realm.Name);
        Assert.Equal(["gateway", "inventory", "journey-tests", "orders", "shipping", "storefront"], realm.Clients.Keys.Order());
        Assert.Equal(["inventory"], realm.Scopes["inventory:reserve"].Audiences);
        Assert.Equal(["shipping"], realm.Scopes["shipping:create"].Audiences);
        Assert.Equal(["orders"], realm.Scopes["orders:write"].Audiences);
        Assert.True(realm.Clients["orders"].TokenExchangeEnabled);
        Assert.True(realm.Clients["storefront"].RequirePkce);
        Assert.NotNull(realm.FindUserByName("alice"));
    }

    [Fact]
    public void A_missing_file_is_refused_naming_the_setting()
    {
        var missing = _folder.File("nowhere.json");

        var refusal = Assert.Throws<RealmLoadException>(() => RealmLoader.Load(missing, new RealmOptions()));

        Assert.Contains(missing, refusal.Message);
        Assert.Contains("Realm:File", refusal.Message);
    }

    [Fact]
    public void A_file_that_is_not_JSON_is_refused_naming_the_file()
    {
        var broken = _folder.File("broken.json");
        File.WriteAllText(broken, "{ \"realm\": ");

        var refusal = Assert.Throws<RealmLoadException>(() => RealmLoader.Load(broken, new RealmOptions()));

        Assert.Contains(broken, refusal.Message);
        Assert.Contains("not valid JSON", refusal.Message);
    }

    [Fact]
    public void A_realm_without_a_name_is_refused()
    {
        var nameless = _folder.File("nameless.json");
        File.WriteAllText(nameless, "{ \"enabled\": true }");

        var refusal = Assert.Throws<RealmLoadException>(() => RealmLoader.Load(nameless, new RealmOptions()));

        Assert.Contains("\"realm\" name is missing", refusal.Message);
    }
}
