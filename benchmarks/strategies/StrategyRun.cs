using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TokenJourney.Benchmarks.Strategies;

/// <summary>One way through the system: the gateway route (its token strategy) and how Orders gets Inventory's token.</summary>
public sealed record Strategy(string Name, string Route, string GatewayHop, string InventoryHop);

public sealed record StrategyResult(
    Strategy Strategy, int OuterBytes, int OuterBytesWithoutEmbedding, int ClientHeader, int OrdersHeader, int InventoryHeader, int ShippingToken,
    int NestedApiBytes, double IdpCallsPerOrder, double P50Ms, double P99Ms, string OrdersScope, string InventoryScope, string ShippingScope);

/// <summary>
/// The same order flow under each strategy: one order at a time, each with a fresh token (as one customer placing one
/// order: no exchange cache helps), POST until GET says Shipped (polled every 2 ms). IdP calls and the scopes each
/// service accepted are read from the journey view's spans of the first traced orders; header sizes from the tokens the
/// same requests yield (the exchanges the gateway and Orders make, made again with their clients).
/// </summary>
public static class StrategyRun
{
    private const int Warmup = 5;
    private const int Traced = 5;

    /// <summary>
    /// The strategies' orders interleaved (one of each in turn), so a load spike on this shared machine falls on all of
    /// them alike rather than on whichever ran at that moment.
    /// </summary>
    public static async Task<List<StrategyResult>> MeasureAsync(RunningSystem system, IReadOnlyList<Strategy> strategies, int orders)
    {
        using var gateway = new HttpClient { BaseAddress = system.Endpoint("gateway") };
        var samples = strategies.ToDictionary(s => s, _ => new List<double>(orders));
        var traces = strategies.ToDictionary(s => s, _ => new List<string>());
        for (var i = 0; i < Warmup + orders; i++)
        {
            foreach (var strategy in strategies)
            {
                var (token, _) = await system.CustomerTokenAsync();
                var traceId = ActivityTraceId.CreateRandom().ToHexString();
                var started = Stopwatch.GetTimestamp();
                using (var placed = await SendAsync(gateway, HttpMethod.Post, strategy.Route, token, traceId))
                {
                    if (!placed.IsSuccessStatusCode)
                    {
                        throw new InvalidOperationException($"{strategy.Name}: placing an order answered {(int)placed.StatusCode}: {await placed.Content.ReadAsStringAsync()}");
                    }
                    var id = (await placed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
                    await UntilShippedAsync(gateway, $"{strategy.Route}/{id}", token, started);
                }
                if (i >= Warmup)
                {
                    samples[strategy].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (traces[strategy].Count < Traced)
                    {
                        traces[strategy].Add(traceId);
                    }
                }
            }
        }

        // Spans reach the journey view in OTLP batches: give the last ones time to arrive.
        await Task.Delay(TimeSpan.FromSeconds(6));
        var results = new List<StrategyResult>();
        foreach (var strategy in strategies)
        {
            var spans = new List<List<JsonElement>>();
            foreach (var trace in traces[strategy])
            {
                spans.Add(await system.TraceAsync(trace));
            }
            var idpCalls = spans.Average(trace => trace.Count(s => Service(s) == "identity" && s.GetProperty("kind").ToString().Contains("Server", StringComparison.OrdinalIgnoreCase)));
            var sorted = samples[strategy].Order().ToList();
            var (outer, ordersToken, inventoryToken, shippingToken) = await HopTokensAsync(system, strategy);
            results.Add(new StrategyResult(strategy, outer.Length, WithoutEmbedding(outer), Header(outer), Header(ordersToken), Header(inventoryToken),
                shippingToken.Length, outer.Length - WithoutNestedInventory(outer), idpCalls, Percentile(sorted, 0.50), Percentile(sorted, 0.99),
                AcceptedScope(spans, "orders"), AcceptedScope(spans, "inventory"), AcceptedScope(spans, "shipping")));
        }
        return results;
    }

    /// <summary>The token each hop carries under this strategy, obtained as the hop obtains it.</summary>
    private static async Task<(string Outer, string Orders, string Inventory, string Shipping)> HopTokensAsync(RunningSystem system, Strategy strategy)
    {
        var (outer, _) = await system.CustomerTokenAsync();
        var orders = strategy.GatewayHop switch
        {
            "embed" => Embedded(outer, "orders"),
            "exchange" => await system.ExchangeAsync("gateway", outer, "orders"),
            _ => outer,
        };
        var inventory = strategy.InventoryHop == "embed"
            ? Embedded(orders, "inventory")
            : await system.ExchangeAsync("orders", orders, "inventory", "inventory:reserve");
        var shipping = await system.ExchangeAsync("orders", orders, "shipping", "shipping:create");
        return (outer, orders, inventory, shipping);
    }

    private static async Task UntilShippedAsync(HttpClient gateway, string path, string token, long started)
    {
        while (true)
        {
            using var response = await SendAsync(gateway, HttpMethod.Get, path, token, null);
            var status = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
            if (status == "Shipped")
            {
                return;
            }
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{path} still {status} after 30 s.");
            }
            await Task.Delay(2);
        }
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string token, string? traceId)
    {
        var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = JsonContent.Create(new { sku = "tea-sencha", quantity = 1 });
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (traceId is not null)
        {
            request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        }
        return http.SendAsync(request);
    }

    /// <summary>The scope of the token a service accepted on its own validation span (HTTP bearer, or Shipping's message).</summary>
    private static string AcceptedScope(List<List<JsonElement>> traces, string service) =>
        traces.SelectMany(t => t).Where(s => Service(s) == service && s.TryGetProperty("tokenFacts", out var facts) &&
                Fact(facts, "token.outcome") == "accepted" && Fact(facts, "token.strategy") is "bearer" or "message")
            .Select(s => Fact(s.GetProperty("tokenFacts"), "token.scope") ?? "")
            .Distinct().OrderBy(s => s).DefaultIfEmpty("(none seen)").Aggregate((a, b) => $"{a} / {b}");

    private static string? Service(JsonElement span) => span.GetProperty("service").GetString();

    private static string? Fact(JsonElement facts, string name) =>
        facts.ValueKind == JsonValueKind.Object && facts.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static int Header(string token) => "Bearer ".Length + token.Length;

    private static JsonElement Payload(string jwt) => JsonDocument.Parse(Base64Url(jwt.Split('.')[1])).RootElement;

    private static string Embedded(string carrier, string audience) =>
        Payload(carrier).GetProperty("embedded_tokens").GetProperty(audience).GetString()!;

    /// <summary>
    /// The outer token's size had the client no embedding rules: the same header and signature, the payload encoded
    /// again without embedded_tokens (computed, not issued: the realm gives journey-tests embedding for every strategy).
    /// </summary>
    private static int WithoutEmbedding(string jwt) => Reencoded(jwt, payload => payload.Remove("embedded_tokens")).Length;

    /// <summary>
    /// The outer token's size had Orders' embedded token no Inventory token inside it (computed as above): the difference
    /// is what one more API behind Orders adds to every outer token under embedding.
    /// </summary>
    private static int WithoutNestedInventory(string outer) => Reencoded(outer, payload =>
    {
        var embedded = payload["embedded_tokens"]!.AsObject();
        embedded["orders"] = Reencoded(embedded["orders"]!.GetValue<string>(), orders => orders.Remove("embedded_tokens")).ToString();
    }).Length;

    /// <summary>The JWT with its payload changed and encoded again, header and signature kept (only the size is used).</summary>
    private static string Reencoded(string jwt, Action<JsonObject> change)
    {
        var parts = jwt.Split('.');
        var payload = JsonNode.Parse(Base64Url(parts[1]))!.AsObject();
        change(payload);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{parts[0]}.{encoded}.{parts[2]}";
    }

    private static byte[] Base64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
