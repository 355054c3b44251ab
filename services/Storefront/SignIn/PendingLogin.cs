namespace TokenJourney.Storefront.SignIn;

/// <summary>What a login attempt must remember between the redirect out and the callback: kept server-side, keyed by state.</summary>
public sealed record PendingLogin(string State, string Nonce, string CodeVerifier, string ReturnUrl);
