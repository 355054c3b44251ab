namespace TokenJourney.Identity;

/// <summary>The provider cannot serve what it was given (realm file, Identity or Realm settings); the message says what to fix.</summary>
public sealed class IdentityProviderConfigurationException(string message) : Exception(message);
