using Microsoft.IdentityModel.Tokens;

namespace TokenJourney.ServiceDefaults.Authentication;

/// <summary>A token refused by one of our own rules (not IdentityModel's); <see cref="Reason"/> is the stable code.</summary>
public sealed class TokenRefusedException(string reason) : SecurityTokenValidationException(reason)
{
    public string Reason { get; } = reason;
}
