using System.ComponentModel.DataAnnotations;

namespace TokenJourney.Orders.TokenExchange;

/// <summary>Orders' own confidential client at the IdP (RFC 8693 token exchange), bound from <c>Identity</c>; AppHost sets the credentials.</summary>
public sealed class ExchangeClientOptions
{
    [Required(ErrorMessage = "Identity:Authority is required (the realm URL; AppHost sets Identity__Authority).")]
    public string Authority { get; set; } = "";

    [Required(ErrorMessage = "Identity:ClientId is required (Orders' client id at the IdP; AppHost sets Identity__ClientId).")]
    public string ClientId { get; set; } = "";

    [Required(ErrorMessage = "Identity:ClientSecret is required (AppHost sets Identity__ClientSecret from the realm file).")]
    public string ClientSecret { get; set; } = "";

    /// <summary>An exchanged token is reused until this long before it expires, so the receiver never gets one about to lapse.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "Identity:ExchangeRefreshMargin must be between 0 and 5 minutes.")]
    public TimeSpan ExchangeRefreshMargin { get; set; } = TimeSpan.FromSeconds(5);

    public string TokenEndpoint => Authority.TrimEnd('/') + "/protocol/openid-connect/token";
}
