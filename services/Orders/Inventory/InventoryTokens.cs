using System.Diagnostics;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using TokenJourney.Orders.TokenExchange;
using TokenJourney.ServiceDefaults;
using TokenJourney.ServiceDefaults.Authentication;

namespace TokenJourney.Orders.Inventory;

/// <summary>
/// The token Orders calls Inventory with, by the configured strategy (<see cref="InventoryTokenOptions"/>): exchanged
/// from the caller's token, or taken from it (token embedding). Orders does not validate an embedded token itself:
/// Inventory does, as it validates every token (zero trust); Orders only reads the caller's token, which its bearer
/// handler has already validated, signature included, so the embedded token is the one the IdP signed into it.
/// </summary>
public sealed class InventoryTokens(TokenExchanger exchanger, IOptions<InventoryTokenOptions> options, TimeProvider time)
{
    public const string EmbeddedStrategy = "embedded";

    public async Task<string> ForAsync(string callerToken, CancellationToken cancellationToken)
    {
        if (!options.Value.Embeds)
        {
            return (await exchanger.ExchangeAsync(callerToken, InventoryClient.Audience, Scopes.InventoryReserve, cancellationToken)).AccessToken;
        }

        using var activity = TokenJourneyTelemetry.ActivitySource.StartActivity($"orders embedded token {InventoryClient.Audience}");
        if (EmbeddedTokens.For(new JsonWebToken(callerToken), InventoryClient.Audience) is not { } embedded)
        {
            TokenFacts.RecordRejection(activity, EmbeddedStrategy, "no_embedded_token");
            throw new NoEmbeddedTokenException(InventoryClient.Audience);
        }
        // Unverified read, only to describe the token on the span; Inventory verifies it.
        TokenFacts.Record(activity, new ClaimsPrincipal(new ClaimsIdentity(new JsonWebToken(embedded).Claims)), EmbeddedStrategy, time.GetUtcNow());
        return embedded;
    }
}
