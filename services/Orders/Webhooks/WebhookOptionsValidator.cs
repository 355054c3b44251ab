using Microsoft.Extensions.Options;

namespace TokenJourney.Orders.Webhooks;

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
