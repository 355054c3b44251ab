using Microsoft.IdentityModel.Tokens;

namespace TokenJourney.Gateway.Tokens;

/// <summary>Fetches the IdP's current signing keys (discovery document, then jwks_uri).</summary>
public interface IJwksSource
{
    Task<IReadOnlyList<SecurityKey>> FetchAsync(CancellationToken cancellationToken);
}
