namespace TokenJourney.Storefront.Sessions;

public sealed record TokenSet(string AccessToken, string? RefreshToken, string? IdToken, DateTimeOffset ExpiresAt, string? Scope, int Generation);
