namespace TokenJourney.Identity.Realm;

/// <summary>
/// One embedded token a client's access tokens carry: a JWT for <see cref="Audience"/> with at most
/// <see cref="Scopes"/>, itself carrying the embedded tokens of <see cref="Nested"/> (Orders' token carries Inventory's,
/// so Orders can call Inventory without the outer token and without the IdP).
/// </summary>
public sealed record EmbeddedTokenRule(string Audience, IReadOnlyList<string> Scopes, IReadOnlyList<EmbeddedTokenRule> Nested);
