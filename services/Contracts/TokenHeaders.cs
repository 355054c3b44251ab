namespace TokenJourney.Contracts;

public static class TokenHeaders
{
    /// <summary>The transport header that carries the access token for the receiving service.</summary>
    public const string AccessToken = "tj-access-token";
}
