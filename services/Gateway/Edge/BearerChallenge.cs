using Microsoft.AspNetCore.Http;

namespace TokenJourney.Gateway.Edge;

/// <summary>
/// RFC 6750 responses. Descriptions are fixed strings chosen by reason code: nothing from the request (token,
/// claim, key id) is ever echoed back.
/// </summary>
public static class BearerChallenge
{
    public const string Realm = "tokenjourney";

    public static string Describe(string reason) => reason switch
    {
        "expired" => "The access token expired",
        "not_yet_valid" => "The access token is not valid yet",
        "invalid_issuer" => "The access token was issued by an untrusted issuer",
        "invalid_audience" => "The access token is not meant for this audience",
        "algorithm_not_allowed" => "The access token is signed with an algorithm that is not allowed",
        "unknown_key" => "The access token is signed with an unknown key",
        "invalid_signature" => "The access token signature is invalid",
        "invalid_type" => "The access token has the wrong type",
        "malformed" => "The access token is malformed",
        "no_expiration" => "The access token has no expiry",
        "revoked" => "The access token has been revoked",
        "inactive" => "The access token is not active",
        _ => "The access token is invalid",
    };

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
