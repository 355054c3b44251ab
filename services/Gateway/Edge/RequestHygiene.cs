using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace TokenJourney.Gateway.Edge;

/// <summary>What the edge refuses or removes before looking at a token.</summary>
public static class RequestHygiene
{
    /// <summary>
    /// Headers a backend could mistake for an identity asserted by the gateway. The gateway asserts nothing in
    /// headers (backends validate the forwarded JWT), so a client sending any of these is stripped of them.
    /// </summary>
    private static readonly string[] SpoofablePrefixes =
        ["X-User", "X-Auth", "X-Forwarded-User", "X-Forwarded-Email", "X-Remote-User", "Remote-User", "X-Client-Id",
         "X-Subject", "X-Roles", "X-Role", "X-Scope", "X-Token", "X-Jwt", "X-Identity", "X-Principal", "X-Ms-Client-Principal",
         "X-Original-Authorization", "X-Gateway"];

    private static readonly string[] TokenCarrierNames = ["access_token", "id_token", "token", "bearer", "authorization", "jwt"];

    public static void StripSpoofableHeaders(IHeaderDictionary headers)
    {
        List<string>? doomed = null;
        foreach (var header in headers)
        {
            foreach (var prefix in SpoofablePrefixes)
            {
                if (header.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    (doomed ??= []).Add(header.Key);
                    break;
                }
            }
        }
        if (doomed is not null)
        {
            foreach (var name in doomed) headers.Remove(name);
        }
    }

    /// <summary>
    /// A token in a URL or cookie leaks into logs, history, Referer headers and CSRF. It is refused whatever its value
    /// (RFC 6750 names access_token; a JWT-shaped value under any name counts too).
    /// </summary>
    public static bool CarriesTokenOutsideHeader(HttpRequest request)
    {
        if (request.QueryString.HasValue)
        {
            foreach (var (name, values) in request.Query)
            {
                if (IsTokenCarrier(name) || LooksLikeJwt(values)) return true;
            }
        }
        if (request.Headers.ContainsKey("Cookie"))
        {
            foreach (var (name, value) in request.Cookies)
            {
                if (IsTokenCarrier(name) || LooksLikeJwt(value)) return true;
            }
        }
        return false;
    }

    private static bool IsTokenCarrier(string name) =>
        TokenCarrierNames.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

    private static bool LooksLikeJwt(StringValues values)
    {
        foreach (var value in values)
        {
            if (value is { Length: > 20 } v && v.StartsWith("eyJ", StringComparison.Ordinal) && v.AsSpan().Count('.') >= 2) return true;
        }
        return false;
    }

    /// <summary>The token from exactly one <c>Authorization: Bearer</c> header; anything else is an invalid request.</summary>
    public static AuthorizationHeader ReadAuthorization(HttpRequest request, out string? token)
    {
        token = null;
        var values = request.Headers.Authorization;
        if (values.Count == 0)
        {
            return AuthorizationHeader.Missing;
        }
        if (values.Count > 1)
        {
            return AuthorizationHeader.Invalid;
        }
        var value = values[0] ?? "";
        if (!value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthorizationHeader.Invalid;
        }
        token = value[7..].Trim();
        return token.Length == 0 ? AuthorizationHeader.Invalid : AuthorizationHeader.Present;
    }
}

public enum AuthorizationHeader
{
    Missing,
    Invalid,
    Present,
}
