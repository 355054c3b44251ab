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

    /// <summary>What adding one more API behind Orders takes, per strategy of the hop that reaches it.</summary>
    private static string NewApiCost(StrategyResult r) => r.Strategy.InventoryHop == "embed"
        ? $"realm: one embedding attribute; every outer token +{N(r.NestedApiBytes)} bytes (measured for Inventory's), also on requests that never reach it; only tokens issued after the change carry it"
        : "realm: a scope with its audience mapper; +1 IdP exchange per token that reaches it";

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
