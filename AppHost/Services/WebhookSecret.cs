using System.Security.Cryptography;

namespace TokenJourney.AppHost.Services;

/// <summary>A Standard Webhooks signing secret: <c>whsec_</c> and 32 random bytes in base64, new for every run.</summary>
internal static class WebhookSecret
{
    public static string Generate() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
