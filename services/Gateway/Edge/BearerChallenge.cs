using TokenJourney.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http;

namespace TokenJourney.Gateway.Edge;

/// <summary>
/// RFC 6750 responses. Descriptions are fixed strings chosen by reason code: nothing from the request (token,
/// claim, key id) is ever echoed back.
/// </summary>
public static class BearerChallenge
{
    public const string Realm = "tokenjourney";

    /// <summary>The fixed description every service gives for a reason (<see cref="TokenRejectionReason.Describe"/>).</summary>
    public static string Describe(string reason) => TokenRejectionReason.Describe(reason);

    /// <summary>No credentials at all: the challenge carries no error code (RFC 6750 §3.1).</summary>
    public static Task MissingAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized, $"Bearer realm=\"{Realm}\"");

    public static Task InvalidRequestAsync(HttpContext context, string description) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized, $"Bearer realm=\"{Realm}\", error=\"invalid_request\", error_description=\"{description}\"");

    public static Task InvalidTokenAsync(HttpContext context, string reason) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized, $"Bearer realm=\"{Realm}\", error=\"invalid_token\", error_description=\"{Describe(reason)}\"");

    public static Task InsufficientScopeAsync(HttpContext context, IEnumerable<string> scopes) =>
        WriteAsync(context, StatusCodes.Status403Forbidden,
            $"Bearer realm=\"{Realm}\", error=\"insufficient_scope\", error_description=\"The access token lacks a required scope\", scope=\"{string.Join(' ', scopes)}\"");

    /// <summary>
    /// The caller's token was good, but the route's strategy could not turn it into a token for the service behind:
    /// it embeds none for that audience (403: the token grants nothing here), the embedded one is invalid, or the IdP
    /// would not exchange it or gave back one that does not verify (401: a new token may do). The audience comes from
    /// configuration, never from the request.
    /// </summary>
    public static Task RouteTokenRefusedAsync(HttpContext context, string reason, string audience) => reason switch
    {
        "no_embedded_token" => WriteAsync(context, StatusCodes.Status403Forbidden,
            $"Bearer realm=\"{Realm}\", error=\"insufficient_scope\", error_description=\"The access token carries no embedded token for the audience '{audience}'\""),
        "exchange_refused" => WriteAsync(context, StatusCodes.Status401Unauthorized,
            $"Bearer realm=\"{Realm}\", error=\"invalid_token\", error_description=\"The identity provider would not exchange the access token for the audience '{audience}'\""),
        "exchange_invalid" => WriteAsync(context, StatusCodes.Status401Unauthorized,
            $"Bearer realm=\"{Realm}\", error=\"invalid_token\", error_description=\"The token exchanged for the audience '{audience}' does not verify\""),
        _ => WriteAsync(context, StatusCodes.Status401Unauthorized,
            $"Bearer realm=\"{Realm}\", error=\"invalid_token\", error_description=\"The embedded token for the audience '{audience}' was refused: {Describe(reason)}\""),
    };

    private static Task WriteAsync(HttpContext context, int status, string challenge)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.WWWAuthenticate = challenge;
        context.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }
}
