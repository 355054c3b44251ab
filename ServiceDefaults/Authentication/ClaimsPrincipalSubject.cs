using System.Security.Claims;

namespace TokenJourney.ServiceDefaults.Authentication;

public static class ClaimsPrincipalSubject
{
    /// <summary>
    /// The token's <c>sub</c> claim: whose orders, reservations and shipments these are. Read by its JWT name because
    /// every service keeps JWT claim names (no mapping to <see cref="ClaimTypes.NameIdentifier"/>).
    /// </summary>
    public static string? Subject(this ClaimsPrincipal user) => user.FindFirst("sub")?.Value;
}
