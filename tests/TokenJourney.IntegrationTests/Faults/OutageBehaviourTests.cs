using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TokenJourney.IntegrationTests.Gateway;
using TokenJourney.IntegrationTests.Hosting;
using TokenJourney.IntegrationTests.Ordering;
using TokenJourney.IntegrationTests.Security;
using TokenJourney.IntegrationTests.Services;

namespace TokenJourney.IntegrationTests.Faults;

/// <summary>What a client gets while one part of the system is down: the behaviour the README's "When something is down" promises.</summary>
[Collection(DisruptiveCollection.Name)]
public sealed class OutageBehaviourTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task While_Orders_is_down_the_gateway_answers_503_with_Retry_After_and_the_storefront_says_ordering_is_unavailable()
    {
        var customer = new Customer(App, "alice");
        using var storefront = await StorefrontSession.SignInAsync(App, "bob", Cancellation);
        await App.StopResourceAsync("orders");
        try
        {
            using var response = await customer.GetAsync("/api/orders", Cancellation);
            var problem = await AssertRetryableAsync(response);
            Assert.Equal("orders is unavailable", problem.GetProperty("title").GetString());
            Assert.Contains("nothing was processed", problem.GetProperty("detail").GetString());

            using var placed = await storefront.PostOrderAsync("mug-stoneware", 1, Cancellation);
            var shown = await AssertRetryableAsync(placed);
            Assert.Equal("Ordering is unavailable right now", shown.GetProperty("title").GetString());
            Assert.StartsWith("Nothing was placed: 503", shown.GetProperty("detail").GetString());
            Assert.Contains("could not reach orders", shown.GetProperty("detail").GetString());
        }
        finally
        {
            await App.StartResourceAsync("orders");
        }
    }

    [Fact]
    public async Task While_Inventory_is_down_placing_an_order_answers_503_with_Retry_After_and_stores_no_order()
    {
        var customer = new Customer(App, "bob");
        var before = ServiceStores.Orders(App).Count;
        await App.StopResourceAsync("inventory");
        try
        {
            using var response = await customer.PlaceAsync("mug-stoneware", 1, null, Cancellation);
            var problem = await AssertRetryableAsync(response);
            Assert.Equal("Inventory is unavailable", problem.GetProperty("title").GetString());
            Assert.Equal(before, ServiceStores.Orders(App).Count);
        }
        finally
        {
            await App.StartResourceAsync("inventory");
        }
    }

    [Fact]
    public async Task While_the_identity_provider_is_down_issued_JWTs_and_resolved_phantom_tokens_keep_working_and_what_needs_it_gets_503()
    {
        var idp = new IdentityProviderClient(App);
        using var gateway = App.CreateHttpClient("gateway");
        // One opaque token has been resolved by the gateway once, the other never (storefront tokens live a minute).
        var resolved = await idp.StorefrontOpaqueTokenAsync("alice", "alice", Cancellation);
        var unresolved = await idp.StorefrontOpaqueTokenAsync("bob", "bob", Cancellation);
        using (var warm = await SendAsync(gateway, HttpMethod.Get, "/api/orders", resolved))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }
        // A JWT of the journey-tests client lives 15 s: it is taken last and used as it is (refreshing needs the provider).
        var alice = await idp.PasswordGrantAsync("alice", "alice", Cancellation);

        await App.StopResourceAsync("identity");
        try
        {
            // Validated at the gateway and at Orders with keys both already hold.
            using (var read = await SendAsync(gateway, HttpMethod.Get, "/api/orders", alice))
            {
                Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            }
            using (var phantom = await SendAsync(gateway, HttpMethod.Get, "/api/orders", resolved))
            {
                Assert.Equal(HttpStatusCode.OK, phantom.StatusCode);
            }

            // Needs the provider: resolving a new opaque token, exchanging a token for Inventory and Shipping (Alice's
            // has never been exchanged), a new sign-in.
            using (var newPhantom = await SendAsync(gateway, HttpMethod.Get, "/api/orders", unresolved))
            {
                var problem = await AssertRetryableAsync(newPhantom);
                Assert.Equal("The identity provider is unavailable", problem.GetProperty("title").GetString());
            }
            var before = ServiceStores.Orders(App).Count;
            using (var exchange = await SendAsync(gateway, HttpMethod.Post, "/api/orders", alice, Order))
            {
                var problem = await AssertRetryableAsync(exchange);
                Assert.Equal("The identity provider is unavailable", problem.GetProperty("title").GetString());
            }
            Assert.Equal(before, ServiceStores.Orders(App).Count);
            var signIn = await Assert.ThrowsAsync<HttpRequestException>(() => idp.PasswordGrantAsync("bob", "bob", Cancellation));
            Assert.Equal(HttpRequestError.ConnectionError, signIn.HttpRequestError);
        }
        finally
        {
            await App.StartResourceAsync("identity");
        }
    }

    [Fact]
    public async Task While_Redis_is_down_the_gateway_refuses_authenticated_requests_with_503_because_it_cannot_check_revocations()
    {
        var customer = new Customer(App, "alice");
        using (var before = await customer.GetAsync("/api/orders", Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }
        await App.StopResourceAsync("cache");
        try
        {
            using var response = await customer.GetAsync("/api/orders", Cancellation);
            var problem = await AssertRetryableAsync(response);
            Assert.Equal("Revocations cannot be checked", problem.GetProperty("title").GetString());
        }
        finally
        {
            await App.StartResourceAsync("cache");
        }
        using var after = await customer.GetAsync("/api/orders", Cancellation);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task A_service_that_never_fetched_the_providers_keys_answers_503_while_the_provider_is_down_and_holds_its_messages_instead_of_refusing_them()
    {
        // Tokens the provider's own key signs (five minutes, audience shipping), minted before anything stops.
        var key = new ProviderSigningKey(App);
        var token = key.Sign(key.Header(), key.Claims());
        var orderId = Guid.NewGuid();
        await using var listener = await ShippingListener.StartAsync(App);

        // A Shipping process that has never fetched the provider's keys meets the provider down. (Aspire's Start waits for
        // the provider, WaitFor, so the process starts just before the provider stops; it fetches keys only for a token.)
        await App.StopResourceAsync("shipping");
        await App.StartResourceAsync("shipping");
        await App.StopResourceAsync("identity");
        try
        {
            using var shipping = App.CreateHttpClient("shipping");

            using (var response = await SendAsync(shipping, HttpMethod.Get, $"/shipments/{orderId}", token))
            {
                var problem = await AssertRetryableAsync(response);
                Assert.Equal("The identity provider is unavailable", problem.GetProperty("title").GetString());
                Assert.Contains("signing keys cannot be fetched", problem.GetProperty("detail").GetString());
                Assert.Empty(response.Headers.WwwAuthenticate);
            }

            // A queued message with such a token is not refused: it waits. Given longer than the 6 s the retries for other
            // faults take before a message goes to the error queue, it is neither refused nor shipped.
            await listener.PublishOrderPlacedAsync(orderId, "alice-minted", token);
            await Task.Delay(TimeSpan.FromSeconds(10), Cancellation);
            Assert.False(listener.RefusalAsync(orderId).IsCompleted, "Shipping refused the message while it could not verify its token");
            Assert.False(ShippingStore.ShipmentsPerOrder(App).ContainsKey(orderId));
        }
        finally
        {
            await App.StartResourceAsync("identity");
        }

        // The provider is back: the same token is accepted, and the message that waited ships.
        using var client = App.CreateHttpClient("shipping");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpStatusCode status;
        do
        {
            using var response = await SendAsync(client, HttpMethod.Get, $"/shipments/{Guid.NewGuid()}", token);
            status = response.StatusCode;
            if (status == HttpStatusCode.ServiceUnavailable)
            {
                await Task.Delay(500, Cancellation);
            }
        }
        while (status == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.NotFound, status);
        while (!ShippingStore.ShipmentsPerOrder(App).ContainsKey(orderId) && DateTime.UtcNow < deadline.AddSeconds(30))
        {
            await Task.Delay(500, Cancellation);
        }
        Assert.Equal(1, ShippingStore.ShipmentsPerOrder(App).GetValueOrDefault(orderId));
        Assert.False(listener.RefusalAsync(orderId).IsCompleted, "Shipping refused the message after the provider came back");

        // A key the provider does not have, while it answers, is still refused as unknown.
        var unknownKid = key.Header();
        unknownKid["kid"] = "not-a-provider-key";
        using var otherKey = System.Security.Cryptography.RSA.Create(2048);
        var input = $"{ProviderSigningKey.Encode(unknownKid.ToJsonString())}.{ProviderSigningKey.Encode(key.Claims().ToJsonString())}";
        var forged = $"{input}.{IdentityProviderClient.Base64Url(otherKey.SignData(System.Text.Encoding.ASCII.GetBytes(input),
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1))}";
        using var unknown = await SendAsync(client, HttpMethod.Get, $"/shipments/{orderId}", forged);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("error_description=\"The access token is signed with an unknown key\"", unknown.Headers.WwwAuthenticate.ToString());
    }

    private static readonly object Order = new { sku = "mug-stoneware", quantity = 1 };

    private static async Task<HttpResponseMessage> SendAsync(HttpClient gateway, HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await gateway.SendAsync(request, Cancellation);
    }

    /// <summary>503, a Retry-After, and a problem document saying what is down.</summary>
    private static async Task<JsonElement> AssertRetryableAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"expected 503, got {(int)response.StatusCode} {body}");
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without a Retry-After in seconds");
        return JsonDocument.Parse(body).RootElement;
    }
}
