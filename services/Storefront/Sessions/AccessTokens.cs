using System.Diagnostics;
using Microsoft.Extensions.Options;
using TokenJourney.ServiceDefaults;
using TokenJourney.Storefront.SignIn;

namespace TokenJourney.Storefront.Sessions;

/// <summary>Hands out a session's access token, refreshing it (refresh_token grant, with rotation) when it is about to expire or was refused.</summary>
public sealed class AccessTokens(IdentityProviderClient provider, IOptions<IdentityClientOptions> options, TimeProvider time, ILogger<AccessTokens> logger)
{
    public static TokenSet FromResponse(TokenResponse response, TokenSet? previous, DateTimeOffset now) => new(
        response.AccessToken,
        response.RefreshToken ?? previous?.RefreshToken,
        response.IdToken ?? previous?.IdToken,
        now.AddSeconds(response.ExpiresIn ?? 60),
        response.Scope ?? previous?.Scope,
        (previous?.Generation ?? 0) + 1);

    public async Task<string> GetAsync(TokenSession session, CancellationToken cancellationToken)
    {
        var tokens = session.Tokens;
        if (tokens.ExpiresAt - time.GetUtcNow() > options.Value.RefreshBeforeExpiry)
        {
            return tokens.AccessToken;
        }
        return (await RefreshAsync(session, tokens.Generation, "about to expire", cancellationToken)).AccessToken;
    }

    /// <summary>
    /// Refreshes unless another caller already did since <paramref name="seenGeneration"/> was read
    /// (then that newer token is returned), so concurrent callers spend the refresh token once.
    /// </summary>
    public async Task<TokenSet> RefreshAsync(TokenSession session, int seenGeneration, string why, CancellationToken cancellationToken)
    {
        await session.RefreshLock.WaitAsync(cancellationToken);
        try
        {
            if (session.Tokens.Generation != seenGeneration)
            {
                return session.Tokens;
            }
            var refreshToken = session.Tokens.RefreshToken
                ?? throw new IdentityProviderException("no_refresh_token", "the session has no refresh token (offline_access not granted)", 0);

            using var activity = TokenJourneyTelemetry.ActivitySource.StartActivity("storefront refresh token", ActivityKind.Client);
            activity?.SetTag(TokenJourneyTelemetry.Tags.Strategy, "refresh");
            activity?.SetTag(TokenJourneyTelemetry.Tags.Reason, why);
            activity?.SetTag(TokenJourneyTelemetry.Tags.ClientId, options.Value.ClientId);
            try
            {
                var response = await provider.RefreshAsync(refreshToken, cancellationToken);
                session.Tokens = FromResponse(response, session.Tokens, time.GetUtcNow());
                activity?.SetTag(TokenJourneyTelemetry.Tags.Outcome, "refreshed");
                activity?.SetTag(TokenJourneyTelemetry.Tags.SecondsLeft, (long)(session.Tokens.ExpiresAt - time.GetUtcNow()).TotalSeconds);
                activity?.SetTag(TokenJourneyTelemetry.Tags.Scope, session.Tokens.Scope);
                logger.LogInformation("Refreshed the access token of {User} ({Why}); it is valid until {ExpiresAt:O}", session.UserName, why, session.Tokens.ExpiresAt);
                return session.Tokens;
            }
            catch (IdentityProviderException e)
            {
                activity?.SetTag(TokenJourneyTelemetry.Tags.Outcome, "rejected");
                activity?.SetStatus(ActivityStatusCode.Error, e.Error);
                logger.LogWarning("Refreshing the access token of {User} failed: {Error}", session.UserName, e.Error);
                throw;
            }
        }
        finally
        {
            session.RefreshLock.Release();
        }
    }
}
