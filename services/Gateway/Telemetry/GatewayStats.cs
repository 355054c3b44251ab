namespace TokenJourney.Gateway.Telemetry;

public sealed record GatewayStats(long IdpResolutions, long MemoHits, long SharedCacheHits, long Rejections);
