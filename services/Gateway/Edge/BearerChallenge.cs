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

    private static Task WriteAsync(HttpContext context, int status, string challenge)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.WWWAuthenticate = challenge;
        context.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }
}
