using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TokenJourney.IntegrationTests.Dashboard;

/// <summary>What a person does in the Storefront, as browser steps.</summary>
public static partial class StorefrontUser
{
    /// <summary>Sign in through the identity provider's own login page (authorization code + PKCE behind the scenes).</summary>
    public static async Task SignInAsync(IPage page, Uri storefront, string userName, string password)
    {
        await page.GotoAsync(storefront.ToString());
        await page.GetByTestId("hero-login").ClickAsync();

        // The provider's login form (built-in provider or Keycloak: both name the fields username and password).
        await page.Locator("input[name=username]").FillAsync(userName);
        await page.Locator("input[name=password]").FillAsync(password);
        await page.Locator("button[type=submit], input[type=submit]").First.ClickAsync();

        // A consent screen, if the provider shows one, is accepted.
        var signedIn = page.GetByTestId("user");
        var consent = page.Locator("button[name=submit][value=accept], button:has-text('Accept'), button:has-text('Allow'), button:has-text('Yes')");
        await Expect(signedIn.Or(consent).First).ToBeVisibleAsync();
        if (await consent.CountAsync() > 0 && !await signedIn.IsVisibleAsync())
        {
            await consent.First.ClickAsync();
        }
        await Expect(signedIn).ToContainTextAsync(userName);
    }

    public static async Task<ILocator> PlaceOrderAsync(IPage page, int quantity)
    {
        var rowsBefore = await page.GetByTestId("order-row").CountAsync();
        await page.GetByTestId("quantity").FillAsync(quantity.ToString());
        await page.GetByTestId("place-order").ClickAsync();
        // The first order of a run fetches and exchanges every token on the way (gateway, Orders, Inventory, Shipping's
        // audience): on a busy two-core machine that took up to 20 s, so wait longer than Playwright's 5 s default.
        await Expect(page.GetByTestId("order-row")).ToHaveCountAsync(rowsBefore + 1, new() { Timeout = 45_000 });
        await Expect(page.GetByTestId("order-error")).ToBeEmptyAsync();
        return page.GetByTestId("order-row").First;
    }

    /// <summary>How long the session's access token has left, as the page says (the page never sees the token itself).</summary>
    public static async Task<TimeSpan> AccessTokenLifetimeLeftAsync(IPage page)
    {
        var seconds = await page.EvaluateAsync<int>(
            "fetch('/session', { headers: { Accept: 'application/json' } }).then(r => r.json()).then(s => s.accessTokenSecondsLeft)");
        return TimeSpan.FromSeconds(seconds);
    }

    [GeneratedRegex("shipped", RegexOptions.IgnoreCase)]
    public static partial Regex Shipped();
}
