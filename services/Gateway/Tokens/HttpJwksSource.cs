using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Gateway.Tokens;

/// <summary>Reads the JWKS the way a client of any OIDC provider does: discovery document first, then its jwks_uri.</summary>
public sealed class HttpJwksSource(HttpClient http, string authority) : IJwksSource
{
    public async Task<IReadOnlyList<SecurityKey>> FetchAsync(CancellationToken cancellationToken)
    {
        var discovery = await http.GetFromJsonAsync<JsonElement>($"{authority.TrimEnd('/')}/.well-known/openid-configuration", cancellationToken);
        var jwksUri = discovery.TryGetProperty("jwks_uri", out var uri) ? uri.GetString() : null;
        if (string.IsNullOrEmpty(jwksUri))
        {
            throw new InvalidOperationException("The discovery document names no jwks_uri.");
        }
        var json = await http.GetStringAsync(jwksUri, cancellationToken);
        // The JWKs themselves, so each keeps the alg it declares (AlgorithmPinning).
        return JwksSigningKeys.From(new JsonWebKeySet(json));
    }
}
