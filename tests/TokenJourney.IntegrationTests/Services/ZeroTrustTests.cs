using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using TokenJourney.IntegrationTests.Hosting;
using TokenJourney.IntegrationTests.Identity;
using TokenJourney.IntegrationTests.Ordering;

namespace TokenJourney.IntegrationTests.Services;

/// <summary>
/// Zero trust, checked at each service directly (not through the gateway): every service validates every token itself.
/// Each forgery copies a genuine token for that service (issuer, audience, scope, lifetime, kid all right) and changes
/// only how it is signed, so a refusal can only be for the signature or its algorithm.
/// </summary>
public sealed class ZeroTrustTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    private readonly ServiceTokens _tokens = new(app);

    public enum Forgery
    {
        /// <summary>Signed RS256 by an attacker's own key, claiming the provider's kid.</summary>
        AttackerKey,
        /// <summary><c>alg: none</c>, no signature.</summary>
        AlgNone,
        /// <summary>HS256 keyed with the provider's public key (the algorithm-confusion attack).</summary>
        Hs256WithThePublicKey,
    }

    [Theory]
    [InlineData("orders", Forgery.AttackerKey)]
    [InlineData("orders", Forgery.AlgNone)]
    [InlineData("orders", Forgery.Hs256WithThePublicKey)]
    [InlineData("inventory", Forgery.AttackerKey)]
    [InlineData("inventory", Forgery.AlgNone)]
    [InlineData("inventory", Forgery.Hs256WithThePublicKey)]
    [InlineData("shipping", Forgery.AttackerKey)]
    [InlineData("shipping", Forgery.AlgNone)]
    [InlineData("shipping", Forgery.Hs256WithThePublicKey)]
    public async Task A_forged_token_sent_straight_to_a_service_is_refused_for_its_signature(string service, Forgery forgery)
    {
        var (path, accepted, genuine) = await GenuineRequestAsync(service);
        using (var control = await _tokens.SendAsync(service, HttpMethod.Get, path, genuine))
        {
            Assert.Equal(accepted, control.StatusCode);
        }

        var forged = await ForgeAsync(genuine, forgery);
        using var response = await _tokens.SendAsync(service, HttpMethod.Get, path, forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"invalid_token\"", challenge);
        // Each forgery is refused for what is wrong with its signature: one the key does not verify, none at all (an
        // empty signature segment is not a JWS), or an algorithm outside the allow-list (HS256 keyed with the public key).
        var expected = forgery switch
        {
            Forgery.AttackerKey => "The access token signature is invalid",
            Forgery.AlgNone => "The access token is malformed",
            _ => "The access token is signed with an algorithm that is not allowed",
        };
        Assert.Contains($"error_description=\"{expected}\"", challenge);
        // The refusal does not echo the token back.
        Assert.DoesNotContain(forged.Split('.')[1], challenge + await response.Content.ReadAsStringAsync(Cancellation));
    }

    [Fact]
    public async Task Orders_Inventory_and_Shipping_refuse_a_token_without_the_scope_they_require_with_insufficient_scope()
    {
        var readOnly = await _tokens.CustomerAsync("alice", "orders:read");
        using (var orders = await _tokens.SendAsync("orders", HttpMethod.Post, "/orders", readOnly, new { sku = "tea-sencha", quantity = 1 }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, orders.StatusCode);
            Assert.Equal("Bearer error=\"insufficient_scope\", scope=\"orders:write\"", orders.Headers.WwwAuthenticate.ToString());
        }

        // For Inventory's and Shipping's audiences alike, but with only the other service's scope.
        var customer = await _tokens.CustomerAsync("alice");
        var shippingScopeOnly = await _tokens.ExchangeAsync(customer, "shipping:create", "inventory", "shipping");
        using (var inventory = await _tokens.SendAsync("inventory", HttpMethod.Post, "/reservations", shippingScopeOnly,
            new { orderId = Guid.NewGuid(), sku = "tea-sencha", quantity = 1 }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, inventory.StatusCode);
            Assert.Equal("Bearer error=\"insufficient_scope\", scope=\"inventory:reserve\"", inventory.Headers.WwwAuthenticate.ToString());
        }

        // Shipping requires shipping:create of the token a message carries; it refuses the message and says why.
        var inventoryScopeOnly = await _tokens.ExchangeAsync(customer, "inventory:reserve", "inventory", "shipping");
        await using var shipping = await ShippingListener.StartAsync(App);
        var orderId = Guid.NewGuid();
        await shipping.PublishOrderPlacedAsync(orderId, Jwt.Payload(customer).GetProperty("sub").GetString()!, inventoryScopeOnly);
        var refused = await shipping.RefusalAsync(orderId);
        Assert.Equal(("shipping", "insufficient_scope"), (refused.Step, refused.Reason));
        Assert.False(ShippingStore.ShipmentsPerOrder(App).ContainsKey(orderId), "Shipping shipped an order whose token lacks shipping:create");
    }

    /// <summary>A read each service answers for a genuine token: the path, the status it gives, and the token.</summary>
    private async Task<(string Path, HttpStatusCode Accepted, string Token)> GenuineRequestAsync(string service)
    {
        var customer = await _tokens.CustomerAsync("alice");
        return service switch
        {
            "orders" => ("/orders", HttpStatusCode.OK, customer),
            "inventory" => ("/stock", HttpStatusCode.OK, await _tokens.ExchangeAsync(customer, "inventory:reserve", "inventory")),
            // No shipment for a random order: 404 once the token is accepted.
            "shipping" => ($"/shipments/{Guid.NewGuid()}", HttpStatusCode.NotFound, await _tokens.ExchangeAsync(customer, "shipping:create", "shipping")),
            _ => throw new ArgumentOutOfRangeException(nameof(service)),
        };
    }

    private async Task<string> ForgeAsync(string genuine, Forgery forgery)
    {
        var parts = genuine.Split('.');
        var header = JsonNode.Parse(Jwt.Base64UrlDecode(parts[0]))!.AsObject();
        header["alg"] = forgery switch { Forgery.AlgNone => "none", Forgery.Hs256WithThePublicKey => "HS256", _ => "RS256" };
        var signingInput = $"{Jwt.Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{parts[1]}";
        var input = Encoding.ASCII.GetBytes(signingInput);
        var signature = forgery switch
        {
            Forgery.AlgNone => [],
            Forgery.AttackerKey => RSA.Create(2048).SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => HMACSHA256.HashData(await PublishedPublicKeyAsync(header["kid"]!.GetValue<string>()), input),
        };
        return $"{signingInput}.{Jwt.Base64Url(signature)}";
    }

    /// <summary>The provider's published key for <paramref name="kid"/>, as the PEM text an attacker would key HMAC with.</summary>
    private async Task<byte[]> PublishedPublicKeyAsync(string kid)
    {
        var jwks = await new ProtocolClient(App).JwksAsync();
        var key = jwks.GetProperty("keys").EnumerateArray().First(k => k.GetProperty("kid").GetString() == kid);
        using var rsa = RSA.Create(new RSAParameters
        {
            Modulus = Jwt.Base64UrlDecode(key.GetProperty("n").GetString()!),
            Exponent = Jwt.Base64UrlDecode(key.GetProperty("e").GetString()!),
        });
        return Encoding.ASCII.GetBytes(rsa.ExportSubjectPublicKeyInfoPem());
    }
}
