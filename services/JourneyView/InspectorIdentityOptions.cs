using TokenJourney.ServiceDefaults;

namespace TokenJourney.JourneyView;

/// <summary>
/// The identity provider whose JWKS the inspector checks signatures against (<c>Identity:Authority</c>, the realm
/// URL AppHost gives every service). Optional: without it the inspector verifies only with a pasted key.
/// </summary>
public sealed class InspectorIdentityOptions
{
    public const string SectionName = "Identity";

    [AbsoluteHttpUrl]
    public string? Authority { get; set; }
}
