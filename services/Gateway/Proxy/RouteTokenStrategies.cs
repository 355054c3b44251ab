using System.ComponentModel.DataAnnotations;

namespace TokenJourney.Gateway.Proxy;

/// <summary>
/// The token strategy of each proxied route, read from the route's own YARP metadata so a route and the way it shares
/// tokens are configured in one place:
/// <code>
/// "ReverseProxy": { "Routes": { "orders-embedded": { ..., "Metadata": { "TokenStrategy": "embed", "TokenAudience": "orders" } } } }
/// </code>
/// A route without <c>TokenStrategy</c> forwards. Configuration only, never the request: which token reaches a service
/// is a security decision. Validated at start-up, so a misspelt strategy stops the gateway with the key to fix.
/// </summary>
public sealed class RouteTokenStrategies : IValidatableObject
{
    public const string SectionName = "ReverseProxy";
    public const string StrategyKey = "TokenStrategy";
    public const string AudienceKey = "TokenAudience";

    public sealed class RouteSection
    {
        public Dictionary<string, string> Metadata { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    }

    public sealed record RouteStrategy(TokenStrategy Strategy, string? Audience);

    private static readonly RouteStrategy Default = new(TokenStrategy.Forward, null);

    public Dictionary<string, RouteSection> Routes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The strategy of <paramref name="routeId"/>; only called after validation, so every value parses.</summary>
    public RouteStrategy For(string routeId)
    {
        if (!Routes.TryGetValue(routeId, out var route) || !route.Metadata.TryGetValue(StrategyKey, out var name))
        {
            return Default;
        }
        route.Metadata.TryGetValue(AudienceKey, out var audience);
        return new RouteStrategy(Parse(name)!.Value, audience);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (id, route) in Routes)
        {
            if (!route.Metadata.TryGetValue(StrategyKey, out var name))
            {
                continue;
            }
            var key = $"{SectionName}:Routes:{id}:Metadata:{StrategyKey}";
            if (Parse(name) is not { } strategy)
            {
                yield return new ValidationResult($"{key} is '{name}'; expected forward, embed or exchange.");
            }
            else if (strategy != TokenStrategy.Forward && (!route.Metadata.TryGetValue(AudienceKey, out var audience) || string.IsNullOrWhiteSpace(audience)))
            {
                yield return new ValidationResult(
                    $"{SectionName}:Routes:{id}:Metadata:{AudienceKey} is required with {key} '{name}' (the audience of the token the route's service receives, e.g. orders).");
            }
        }
    }

    /// <summary>Exactly the three documented names, any case; not enum parsing, which would also take "1" or "Forward, Embed".</summary>
    internal static TokenStrategy? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "forward" => TokenStrategy.Forward,
        "embed" => TokenStrategy.Embed,
        "exchange" => TokenStrategy.Exchange,
        _ => null,
    };
}
