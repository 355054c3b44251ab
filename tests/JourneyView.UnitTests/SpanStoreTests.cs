using TokenJourney.JourneyView.Telemetry;

namespace TokenJourney.JourneyView.UnitTests;

public sealed class SpanStoreTests
{
    private static SpanRecord Span(int i, string trace = "t") => new()
    {
        TraceId = $"{trace}{i / 10:D4}",
        SpanId = $"s{i:D6}",
        Name = $"span {i}",
        Service = i % 2 == 0 ? "gateway" : "orders",
        Start = DateTimeOffset.UnixEpoch.AddSeconds(i),
        End = DateTimeOffset.UnixEpoch.AddSeconds(i).AddMilliseconds(i),
    };

    [Fact]
    public void Pushing_more_spans_than_the_limit_keeps_the_count_at_the_limit_and_evicts_the_oldest()
    {
        var store = new SpanStore(capacity: 1000);

        for (var batch = 0; batch < 50; batch++)
        {
            store.Add(Enumerable.Range(batch * 100, 100).Select(i => Span(i)));
            Assert.True(store.Count <= 1000);
        }

        Assert.Equal(1000, store.Count);
        Assert.Equal(4000, store.Evicted);
        var kept = store.Snapshot();
        Assert.Equal("s004000", kept[0].SpanId);
        Assert.Equal("s004999", kept[^1].SpanId);
    }

    [Fact]
    public void Traces_are_filtered_by_service_status_and_duration()
    {
        var store = new SpanStore(100);
        var start = DateTimeOffset.UtcNow;
        store.Add(
        [
            new SpanRecord { TraceId = "fast", SpanId = "a", Name = "GET /", Service = "gateway", Start = start, End = start.AddMilliseconds(5) },
            new SpanRecord { TraceId = "slow", SpanId = "b", Name = "POST /orders", Service = "gateway", Start = start, End = start.AddMilliseconds(900) },
            new SpanRecord { TraceId = "slow", SpanId = "c", ParentSpanId = "b", Name = "reserve", Service = "inventory", Start = start.AddMilliseconds(10), End = start.AddMilliseconds(800), Status = SpanStatus.Error },
        ]);

        Assert.Equal(["slow"], store.Traces(new TraceFilter(Service: "inventory")).Select(t => t.TraceId));
        Assert.Equal(["slow"], store.Traces(new TraceFilter(Status: "error")).Select(t => t.TraceId));
        Assert.Equal(["fast"], store.Traces(new TraceFilter(Status: "ok")).Select(t => t.TraceId));
        Assert.Equal(["slow"], store.Traces(new TraceFilter(MinDurationMs: 100)).Select(t => t.TraceId));
        Assert.Equal(2, store.Traces(new TraceFilter()).Count);
        var slow = store.Traces(new TraceFilter(Text: "reserve")).Single();
        Assert.Equal("b", slow.Root.SpanId);
        Assert.Equal(["gateway", "inventory"], slow.Services);
    }
}

public sealed class TraceFilterTests
{
    [Fact]
    public void Health_probe_traces_are_hidden_unless_asked_for()
    {
        var store = new SpanStore(100);
        var now = DateTimeOffset.UtcNow;
        store.Add(
        [
            new SpanRecord { TraceId = "probe", SpanId = "p", Name = "GET /health", Service = "orders", Start = now, End = now, Attributes = [new("url.path", "/health")] },
            new SpanRecord { TraceId = "order", SpanId = "o", Name = "POST /api/orders", Service = "gateway", Start = now, End = now.AddMilliseconds(3) },
        ]);

        Assert.Equal(["order"], store.Traces(new TraceFilter(IncludeProbes: false)).Select(t => t.TraceId));
        Assert.Equal(2, store.Traces(new TraceFilter(IncludeProbes: true)).Count);
    }
}

public sealed class CorrelationTests
{
    [Fact]
    public void The_resume_trace_of_an_order_is_found_from_the_order_trace_by_its_order_id()
    {
        var store = new SpanStore(100);
        var now = DateTimeOffset.UtcNow;
        store.Add(
        [
            new SpanRecord { TraceId = "placed", SpanId = "a", Name = "POST /orders", Service = "orders", Start = now, End = now, Attributes = [new("order.id", "42")] },
            new SpanRecord { TraceId = "resumed", SpanId = "b", Name = "POST /orders/42/resume", Service = "orders", Start = now.AddSeconds(20), End = now.AddSeconds(21), Attributes = [new("order.id", "42")] },
            new SpanRecord { TraceId = "other", SpanId = "c", Name = "POST /orders", Service = "orders", Start = now, End = now, Attributes = [new("order.id", "43")] },
        ]);

        var related = Assert.Single(Correlation.Related(store, "placed"));

        Assert.Equal("resumed", related.TraceId);
        Assert.Equal(["order.id"], Correlation.SharedKeys(store.Trace("placed"), related.Spans));
    }
}
