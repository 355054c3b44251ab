using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using TokenJourney.IntegrationTests.Hosting;

namespace TokenJourney.IntegrationTests.Strategies;

/// <summary>
/// Embedding on both hops: a system of its own whose Orders runs with
/// Orders:InventoryTokenStrategy=embed, so an order through the gateway's embed route reaches Inventory with the token
/// the provider embedded in Orders' embedded token, and no IdP call for either hop. Its own system because Orders'
/// strategy is Orders' configuration, one per process; the shared system keeps the default (exchange).
/// </summary>
[Collection(DisruptiveCollection.Name)]
public sealed class EmbeddedAllTheWayTests(TokenJourneyFixture app) : IntegrationTest(app)
{
    [Fact]
    public async Task With_Orders_embedding_too_an_order_through_the_embed_route_ships_and_the_forwarded_outer_token_is_refused_by_Orders_for_lacking_an_inventory_token()
    {
        var runDirectory = Directory.CreateTempSubdirectory("tokenjourney-embedded").FullName;
        try
        {
            var builder = await Topologies.ModelAsync("AppHost:FreePorts=true", $"AppHost:RunDirectory={runDirectory}");
            builder.CreateResourceBuilder<IResourceWithEnvironment>("orders").WithEnvironment("Orders__InventoryTokenStrategy", "embed");
            await using var system = await Topologies.StartAsync(builder, TokenJourneyFixture.Resources);

            using var gateway = new HttpClient { BaseAddress = system.GetEndpoint("gateway", "http") };
            // journey-tests' tokens live 15 s: each step takes a fresh one, as a client refreshes.
            var identity = system.GetEndpoint("identity", "http");

            using (var placed = await SendAsync(gateway, HttpMethod.Post, "/embedded/api/orders", await PasswordGrantAsync(identity), new { sku = "tea-sencha", quantity = 1 }))
            {
                var body = await placed.Content.ReadAsStringAsync(Cancellation);
                Assert.True(placed.StatusCode == HttpStatusCode.Created, $"placing an order on the embed route: {(int)placed.StatusCode} {body}");
                var orderId = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
                await Ordering.OrderingTests.Eventually(async () =>
                {
                    using var read = await SendAsync(gateway, HttpMethod.Get, $"/embedded/api/orders/{orderId}", await PasswordGrantAsync(identity));
                    return read.IsSuccessStatusCode && (await read.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("status").GetString() == "Shipped"
                        ? "shipped"
                        : null;
                });
            }

            // The forward route hands Orders the outer token, which embeds Orders' token but carries no Inventory token
            // itself: Orders refuses to place the order rather than call Inventory with the wrong token.
            using var forwarded = await SendAsync(gateway, HttpMethod.Post, "/api/orders", await PasswordGrantAsync(identity), new { sku = "tea-sencha", quantity = 1 });
            Assert.Equal(HttpStatusCode.Forbidden, forwarded.StatusCode);
            var problem = await forwarded.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.Equal("The access token carries no embedded token for the audience 'inventory'.", problem.GetProperty("detail").GetString());

            await system.StopAsync(Cancellation);
        }
        finally
        {
            Directory.Delete(runDirectory, recursive: true);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request, Cancellation);
    }

    private async Task<string> PasswordGrantAsync(Uri identity)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync($"{identity.ToString().TrimEnd('/')}/realms/tokenjourney/protocol/openid-connect/token",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password", ["client_id"] = "journey-tests", ["client_secret"] = App.ClientSecret("journey-tests"),
                ["username"] = "alice", ["password"] = "alice", ["scope"] = "orders:read orders:write",
            }), Cancellation);
        Assert.True(response.IsSuccessStatusCode, $"password grant: {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation)).GetProperty("access_token").GetString()!;
    }
}
