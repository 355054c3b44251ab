using Microsoft.Extensions.Options;

namespace TokenJourney.Orders.Webhooks;

/// <summary>
/// The clients Orders may call back, bound from <c>Webhooks</c>: each with the callback URLs it may register
/// (the allow-list) and its own Standard Webhooks secret (<c>whsec_</c> + base64). No client configured, no callbacks.
/// </summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    public Dictionary<string, WebhookClientOptions> Clients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Attempts per delivery before it is marked failed (the first included).</summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A receiver slower than this counts as a failed attempt; it is retried later.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class WebhookClientOptions
{
    /// <summary>Patterns: <c>scheme://host[:port|:*]/path</c>; host may start with <c>*.</c>; a path ending in <c>/</c> is a prefix.</summary>
    public string[] AllowedCallbackUrls { get; set; } = [];

    public string Secret { get; set; } = "";
}

public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        if (options.MaxAttempts is < 1 or > 50)
        {
            failures.Add("Webhooks:MaxAttempts must be between 1 and 50.");
        }
        if (options.FirstRetryDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.FirstRetryDelay)
        {
            failures.Add("Webhooks:FirstRetryDelay must be positive and no longer than Webhooks:MaxRetryDelay.");
        }
        foreach (var (client, settings) in options.Clients)
        {
            if (!StandardWebhookSigner.TryReadSecret(settings.Secret, out _))
            {
                failures.Add($"Webhooks:Clients:{client}:Secret must be a Standard Webhooks secret: whsec_ followed by base64 of 16 to 64 bytes.");
            }
            if (settings.AllowedCallbackUrls.Length == 0)
            {
                failures.Add($"Webhooks:Clients:{client}:AllowedCallbackUrls must list at least one URL pattern.");
            }
            foreach (var pattern in settings.AllowedCallbackUrls)
            {
                if (CallbackUrlPattern.Parse(pattern) is null)
                {
                    failures.Add($"Webhooks:Clients:{client}:AllowedCallbackUrls has an invalid pattern '{pattern}' (expected scheme://host[:port|:*]/path).");
                }
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
