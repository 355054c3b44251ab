using System.Collections.Concurrent;
using OpenIddict.EntityFrameworkCore.Models;

namespace TokenJourney.Identity.Storage;

/// <summary>
/// The realm clients' OpenIddict applications, shared by every request. OpenIddict's own entity cache lives as long as
/// one request, so every token, introspection and revocation request read its client from SQLite again (a query and
/// EF Core materialization on every grant). The realm is read once at start and its clients never change while the
/// provider runs; only realm clients are kept, so unknown client ids cannot grow it.
/// </summary>
public sealed class RealmApplicationCache
{
    private readonly ConcurrentDictionary<string, OpenIddictEntityFrameworkCoreApplication> byClientId = new(StringComparer.Ordinal);

    public bool TryGet(string clientId, out OpenIddictEntityFrameworkCoreApplication application) =>
        byClientId.TryGetValue(clientId, out application!);

    public void Add(string clientId, OpenIddictEntityFrameworkCoreApplication application) => byClientId[clientId] = application;

    public void Remove(string? clientId)
    {
        if (clientId is not null)
        {
            byClientId.TryRemove(clientId, out _);
        }
    }
}
