using OpenIddict.Abstractions;
using OpenIddict.Server;
using TokenJourney.Identity.Realm;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace TokenJourney.Identity.Tokens;

/// <summary>
/// The realm's rules for token requests, answered with the error codes Keycloak and RFC 8693 use: a scope the client
/// may not have, or a refresh asking more than was granted, is <c>invalid_scope</c>; an exchange audience the client's
/// scopes do not reach is <c>invalid_target</c>.
/// (OpenIddict's own permission checks would answer both with invalid_request, so they are switched off.)
/// </summary>
public sealed class RealmTokenRequestPolicy(RealmModel realm) : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseSingletonHandler<RealmTokenRequestPolicy>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateScopePermissions.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        var request = context.Request;
        if (realm.FindClient(context.ClientId) is not { } client)
        {
            context.Reject(Errors.InvalidClient, "The client is not enabled in the realm.");
            return ValueTask.CompletedTask;
        }

        if (request.IsClientCredentialsGrantType() || request.IsPasswordGrantType())
        {
            if (ScopeGrant.ForClient(client, request.GetScopes()).Refused is { Count: > 0 } refused)
            {
                context.Reject(Errors.InvalidScope, $"Invalid scopes: {string.Join(' ', refused)}");
            }
        }
        else if (request.IsTokenExchangeGrantType())
        {
            ValidateExchange(context, client);
        }
        else if (request.IsRefreshTokenGrantType() && !string.IsNullOrEmpty(request.Scope))
        {
            // RFC 6749 6: a refresh may narrow the scope, never widen it; widening is invalid_scope (5.2), as in Keycloak.
            // (OpenIddict would answer invalid_grant.)
            var granted = context.RefreshTokenPrincipal?.GetScopes() ?? [];
            if (request.GetScopes().Where(s => !granted.Contains(s)).ToList() is { Count: > 0 } wider)
            {
                context.Reject(Errors.InvalidScope, $"Scopes not granted to the refresh token: {string.Join(' ', wider)}");
            }
        }
        return ValueTask.CompletedTask;
    }

    private void ValidateExchange(ValidateTokenRequestContext context, RealmClient client)
    {
        if (!client.TokenExchangeEnabled)
        {
            context.Reject(Errors.UnauthorizedClient, "The client is not allowed to exchange tokens.");
            return;
        }
        var exchange = TokenExchangeRequest.Resolve(realm, client, context.Request);
        if (exchange.Error is { } error)
        {
            context.Reject(error.Code, error.Description);
        }
    }
}

/// <summary>Decides what an exchange yields: the audiences and scopes of the new token, or the error to answer.</summary>
public sealed record TokenExchangeRequest(IReadOnlyList<string> Audiences, IReadOnlyList<string> Scopes, (string Code, string Description)? Error)
{
    public static TokenExchangeRequest Resolve(RealmModel realm, RealmClient client, OpenIddictRequest request)
    {
        var permitted = ScopeGrant.ExchangeAudiences(realm, client);
        var requestedScopes = request.GetScopes().Distinct(StringComparer.Ordinal).ToList();
        var audiences = request.GetAudiences().Distinct(StringComparer.Ordinal).ToList();
        if (audiences.Count == 0)
        {
            // Without an audience the scopes decide it, as in Keycloak's standard token exchange.
            audiences = requestedScopes.SelectMany(s => realm.Scopes.TryGetValue(s, out var scope) ? scope.Audiences : []).Distinct().ToList();
            if (audiences.Count == 0)
            {
                return Fail(Errors.InvalidRequest, "The audience parameter is required.");
            }
        }
        if (audiences.FirstOrDefault(a => !permitted.Contains(a)) is { } refusedAudience)
        {
            return Fail(Errors.InvalidTarget, $"Requested audience not available: {refusedAudience}");
        }

        var forAudiences = ScopeGrant.ScopesFor(realm, client, audiences);
        if (requestedScopes.Count == 0)
        {
            return new TokenExchangeRequest(audiences, forAudiences, null);
        }
        if (requestedScopes.Where(s => !forAudiences.Contains(s)).ToList() is { Count: > 0 } refusedScopes)
        {
            return Fail(Errors.InvalidScope, $"Invalid scopes for the requested audience: {string.Join(' ', refusedScopes)}");
        }
        return new TokenExchangeRequest(audiences, requestedScopes, null);
    }

    private static TokenExchangeRequest Fail(string code, string description) => new([], [], (code, description));
}
