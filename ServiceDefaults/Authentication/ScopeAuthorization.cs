using System.Security.Claims;
using Microsoft.AspNetCore.Builder;

namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>The scopes an endpoint requires; read again when a 403 needs its RFC 6750 <c>scope</c> parameter.</summary>
public sealed record RequiredScopeMetadata(IReadOnlyList<string> Scopes);

public static class ScopeAuthorization
{
    /// <summary>Requires an authenticated caller whose token's space-separated <c>scope</c> claim holds every scope given.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, params string[] scopes)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization(policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => HasScopes(context.User, scopes)));
        builder.WithMetadata(new RequiredScopeMetadata(scopes));
        return builder;
    }

    public static bool HasScopes(ClaimsPrincipal user, IEnumerable<string> required)
    {
        var granted = user.FindAll("scope")
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
        return required.All(granted.Contains);
    }
}
