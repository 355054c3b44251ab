using System.ComponentModel.DataAnnotations;

namespace TokenJourney.Gateway.Edge;

/// <summary>The gateway's own confidential client at the IdP (token exchange), bound from <c>Identity</c> and set by AppHost.</summary>
public sealed class GatewayClientOptions
{
    [Required(ErrorMessage = "Identity:ClientId is required (the gateway's client id at the IdP; AppHost sets Identity__ClientId).")]
    public string ClientId { get; set; } = "";

    [Required(ErrorMessage = "Identity:ClientSecret is required (AppHost sets Identity__ClientSecret from the realm file).")]
    public string ClientSecret { get; set; } = "";
}
