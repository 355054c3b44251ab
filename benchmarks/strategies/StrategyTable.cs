using System.Globalization;

namespace TokenJourney.Benchmarks.Strategies;

/// <summary>The results as one Markdown table, a column per strategy, ready for the README.</summary>
public static class StrategyTable
{
    public static string Render(IReadOnlyList<StrategyResult> results)
    {
        var rows = new List<(string Label, Func<StrategyResult, string> Value)>
        {
            ("outer token (bytes; without embedding, computed)", r => $"{r.OuterBytes} ({r.OuterBytesWithoutEmbedding})"),
            ("Authorization header, client → gateway (bytes)", r => N(r.ClientHeader)),
            ("Authorization header, gateway → Orders (bytes)", r => N(r.OrdersHeader)),
            ("Authorization header, Orders → Inventory (bytes)", r => N(r.InventoryHeader)),
            ("token in the message, Orders → Shipping (bytes)", r => N(r.ShippingToken)),
            ("IdP calls per order", r => r.IdpCallsPerOrder.ToString("0.#", CultureInfo.InvariantCulture)),
            ("order latency p50 / p99 (ms)", r => $"{r.P50Ms.ToString("F1", CultureInfo.InvariantCulture)} / {r.P99Ms.ToString("F1", CultureInfo.InvariantCulture)}"),
            ("scope Orders received", r => r.OrdersScope),
            ("scope Inventory received", r => r.InventoryScope),
            ("scope Shipping received", r => r.ShippingScope),
            ("a new downstream API costs", NewApiCost),
        };
        var lines = new List<string>
        {
            "| | " + string.Join(" | ", results.Select(r => r.Strategy.Name)) + " |",
            "|---|" + string.Concat(results.Select(_ => "---|")),
        };
        lines.AddRange(rows.Select(row => $"| {row.Label} | " + string.Join(" | ", results.Select(row.Value)) + " |"));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>
    /// What adding one more API behind Orders takes, per hop strategy. An embedded token rides base64url-encoded in its
    /// carrier's payload, so a new top-level one adds about 4/3 of its own size to every outer token.
    /// </summary>
    private static string NewApiCost(StrategyResult r) => r.Strategy.InventoryHop == "embed"
        ? $"realm: one embedding attribute; every outer token +~{N(r.EmbeddedInventoryToken * 4 / 3)} bytes, also for requests that never reach it"
        : r.Strategy.GatewayHop == "forward"
            ? "realm: a scope with its audience mapper; +1 IdP exchange per token reaching it; the outer token reaches Orders with every audience"
            : "realm: a scope with its audience mapper; +1 IdP exchange per token reaching it";

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
