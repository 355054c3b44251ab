using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TokenJourney.Storefront.UnitTests;

/// <summary>
/// Callbacks to /signin-oidc that cannot be this browser's login: each is refused with 400, signs nobody in, and the log
/// says why (the browser gets one message) without the state or the code.
/// </summary>
public sealed class SignInCallbackTests(StorefrontAppTests.Storefront storefront) : IClassFixture<StorefrontAppTests.Storefront>
{
    private const string State = "state-7Qm2xVb9";
    private const string Code = "code-K3pT8wLz";

    [Fact]
    public async Task A_callback_without_this_browsers_login_cookie_is_refused_and_the_log_says_the_cookie_is_missing()
    {
        var (response, logs) = await CallbackAsync($"?code={Code}&state={State}", loginCookie: null);

        AssertRefused(response, "This sign-in attempt is unknown or has expired");
        AssertLogged(logs, "Sign-in callback refused: this browser has no login cookie");
    }

    [Fact]
    public async Task A_callback_with_another_logins_state_is_refused_as_login_CSRF()
    {
        var (response, logs) = await CallbackAsync($"?code={Code}&state={State}", loginCookie: "state-of-the-victims-own-login");

        AssertRefused(response, "This sign-in attempt is unknown or has expired");
        AssertLogged(logs, "Sign-in callback refused: its state is not the one in this browser's login cookie");
    }

    [Fact]
    public async Task A_callback_whose_state_no_pending_login_has_is_refused_and_the_log_names_the_likely_causes()
    {
        var (response, logs) = await CallbackAsync($"?code={Code}&state={State}", loginCookie: State);

        AssertRefused(response, "This sign-in attempt is unknown or has expired");
        AssertLogged(logs, "Sign-in callback refused: no pending login has its state (expired, already used, or begun before the storefront restarted)");
    }

    [Fact]
    public async Task A_callback_without_a_code_is_refused()
    {
        var (response, logs) = await CallbackAsync($"?state={State}", loginCookie: State);

        AssertRefused(response, "This sign-in attempt is unknown or has expired");
        AssertLogged(logs, "Sign-in callback refused: it carries no code or no state");
    }

    [Fact]
    public async Task An_error_from_the_provider_is_shown_to_the_user_and_logged()
    {
        var (response, logs) = await CallbackAsync($"?error=access_denied&error_description=The+user+declined&state={State}", loginCookie: State);

        AssertRefused(response, "The identity provider refused the sign-in: access_denied (The user declined).");
        AssertLogged(logs, "Sign-in callback refused: the identity provider answered access_denied (The user declined)");
    }

    [Fact]
    public async Task An_error_text_outside_RFC_6749s_characters_is_not_logged_so_a_caller_cannot_forge_log_lines()
    {
        var (response, logs) = await CallbackAsync($"?error=access_denied&error_description=declined%0Ainfo:+admin+signed+in&state={State}", loginCookie: State);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        AssertLogged(logs, "Sign-in callback refused: the identity provider answered access_denied (not RFC 6749 text, not logged)");
        Assert.DoesNotContain(logs.Messages, message => message.Contains("admin signed in", StringComparison.Ordinal));
    }

    /// <summary>What one callback got: read before its in-process storefront is disposed.</summary>
    private sealed record Answer(HttpStatusCode Status, string Page, IReadOnlyList<string> Cookies);

    private async Task<(Answer Response, RecordedLogs Logs)> CallbackAsync(string query, string? loginCookie)
    {
        var logs = new RecordedLogs();
        await using var app = storefront.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(logs)));
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/signin-oidc" + query);
        if (loginCookie is not null)
        {
            request.Headers.Add("Cookie", "storefront.login=" + loginCookie);
        }
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        return (new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), cookies), logs);
    }

    private static void AssertRefused(Answer response, string shown)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(WebUtility.HtmlEncode(shown), response.Page);
        // Nobody is signed in: the only cookie set is the login cookie's deletion.
        Assert.All(response.Cookies, cookie => Assert.StartsWith("storefront.login=;", cookie));
    }

    private static void AssertLogged(RecordedLogs logs, string expected)
    {
        Assert.Contains(expected, logs.Messages);
        Assert.DoesNotContain(logs.Messages, message => message.Contains(Code, StringComparison.Ordinal) || message.Contains(State, StringComparison.Ordinal));
    }
}
