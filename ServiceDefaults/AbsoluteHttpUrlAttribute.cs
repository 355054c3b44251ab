using System.ComponentModel.DataAnnotations;

namespace TokenJourney.ServiceDefaults;

/// <summary>
/// Empty, or an absolute http(s) URL: for optional links between the apps (the journey view, the Aspire dashboard),
/// where a relative or mistyped value would otherwise only show up as a broken link.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AbsoluteHttpUrlAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is not string text || string.IsNullOrWhiteSpace(text)
        || (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            ? ValidationResult.Success
            : new ValidationResult($"{validationContext.MemberName} must be an absolute http(s) URL, not \"{text}\".");
}
