namespace TokenJourney.JourneyView.Inspector;

/// <summary>Fetches the identity provider's published keys (Keycloak's path) on each request: keys rotate.</summary>
public sealed class JwksClient(HttpClient http)
{
    public async Task<(string? Jwks, string Source, string? Error)> FetchAsync(string authority, CancellationToken cancellationToken)
    {
        var url = authority.TrimEnd('/') + "/protocol/openid-connect/certs";
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (null, url, $"{url} answered {(int)response.StatusCode}.");
            }
            return (await response.Content.ReadAsStringAsync(cancellationToken), url, null);
        }
        catch (HttpRequestException e)
        {
            return (null, url, $"{url} could not be reached: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, url, $"{url} did not answer in time.");
        }
    }
}
