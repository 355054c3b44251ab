using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using TokenJourney.IntegrationTests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace TokenJourney.IntegrationTests.Dashboard;

/// <summary>The journey view's local token inspector, used the way jwt.io is, except that nothing leaves the machine.</summary>
public sealed class TokenInspectorInTheBrowserTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task A_pasted_access_token_is_decoded_and_verified_against_the_providers_keys_without_leaving_the_journey_view()
    {
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();
        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);

        await page.GotoAsync(new Uri(App.Endpoint("journey"), "/inspector").ToString());
        // The token lives 15 s: fetched once the page is up, so a slow browser start cannot expire it first.
        var accessToken = await SignInAsJourneyTestsAsync("bob", "bob");
        await page.Locator("#token").FillAsync(accessToken);
        await page.Locator("input[name=keySource][value=jwks]").CheckAsync();
        await page.Locator("#inspect-button").ClickAsync();

        await Expect(page.Locator("#signature")).ToHaveAttributeAsync("data-outcome", "Verified");
        await Expect(page.Locator("#header")).ToContainTextAsync("RS256");
        await Expect(page.Locator("#payload")).ToContainTextAsync("bob");
        await Expect(page.Locator("#times")).ToContainTextAsync("expires in");
        await Browser.ScreenshotAsync(page, "10-journey-inspector-verified");

        // The browser talked to the journey view only: the token went nowhere else.
        Assert.All(requested, url => Assert.StartsWith(App.Endpoint("journey").GetLeftPart(UriPartial.Authority), url));
    }

    [Fact]
    public async Task An_unsigned_token_without_expiry_and_with_personal_data_is_flagged()
    {
        var header = Base64Url("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64Url("""{"sub":"42","email":"alice@example.com","phone_number":"+1 555 0100"}""");
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(App.Endpoint("journey"), "/inspector").ToString());
        await page.Locator("#token").FillAsync($"{header}.{payload}.");
        await page.Locator("#inspect-button").ClickAsync();

        var warnings = page.Locator("#warnings");
        await Expect(warnings).ToContainTextAsync("none");
        await Expect(warnings).ToContainTextAsync("exp");
        await Expect(warnings).ToContainTextAsync("email");
        await Expect(page.Locator("#signature")).Not.ToHaveAttributeAsync("data-outcome", "Verified");
        await Browser.ScreenshotAsync(page, "11-journey-inspector-warnings");
    }

    /// <summary>A real access token from the provider: the journey-tests client's password grant (JWT, short-lived).</summary>
    private async Task<string> SignInAsJourneyTestsAsync(string userName, string password)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync($"{App.Authority}/protocol/openid-connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "journey-tests",
            ["client_secret"] = App.ClientSecret("journey-tests"),
            ["username"] = userName,
            ["password"] = password,
            ["scope"] = "orders:read",
        }), Cancellation);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.True(response.IsSuccessStatusCode, $"The password grant failed: {body}");
        return body.GetProperty("access_token").GetString()!;
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
