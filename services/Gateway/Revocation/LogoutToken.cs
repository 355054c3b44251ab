namespace TokenJourney.Gateway.Revocation;

public sealed record LogoutToken(string? Sid, string? Subject, string? Jti);
