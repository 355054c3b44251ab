using System.Text;
using TokenJourney.Storefront.Webhooks;

namespace TokenJourney.Storefront.UnitTests;

public sealed class WebhookSignatureTests
{
    // The test vector published with the Standard Webhooks specification's reference libraries.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");
    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    [Fact]
    public void Signing_matches_the_specifications_test_vector()
    {
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            StandardWebhookSignature.Sign(StandardWebhookSignature.KeyFrom(Secret), Id, Timestamp, Body));
    }

    [Fact]
    public void A_callback_signed_by_orders_is_accepted_even_among_other_signatures()
    {
        var header = "v1,bm90LXRoaXMtb25l v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        Assert.Null(StandardWebhookSignature.Verify(StandardWebhookSignature.KeyFrom(Secret), Id, Timestamp.ToString(), header, Body, SentAt.AddSeconds(3), Tolerance));
    }

    [Fact]
    public void A_tampered_body_is_refused()
    {
        var signature = StandardWebhookSignature.Sign(StandardWebhookSignature.KeyFrom(Secret), Id, Timestamp, Body);
        var tampered = Encoding.UTF8.GetBytes("{\"test\": 2432232315}");
        Assert.Equal("no v1 signature matches",
            StandardWebhookSignature.Verify(StandardWebhookSignature.KeyFrom(Secret), Id, Timestamp.ToString(), signature, tampered, SentAt, Tolerance));
    }

    [Fact]
    public void A_replayed_callback_from_long_ago_is_refused()
    {
        var signature = StandardWebhookSignature.Sign(StandardWebhookSignature.KeyFrom(Secret), Id, Timestamp, Body);
        var failure = StandardWebhookSignature.Verify(StandardWebhookSignature.KeyFrom(Secret), Id, Timestamp.ToString(), signature, Body, SentAt.AddMinutes(6), Tolerance);
        Assert.Contains("window", failure);
    }

    [Fact]
    public void A_callback_signed_with_another_key_is_refused()
    {
        var otherKey = Encoding.UTF8.GetBytes("not the storefront's shared key");
        var signature = StandardWebhookSignature.Sign(otherKey, Id, Timestamp, Body);
        Assert.NotNull(StandardWebhookSignature.Verify(StandardWebhookSignature.KeyFrom(Secret), Id, Timestamp.ToString(), signature, Body, SentAt, Tolerance));
    }

    [Fact]
    public void A_callback_without_headers_is_refused()
    {
        Assert.NotNull(StandardWebhookSignature.Verify(StandardWebhookSignature.KeyFrom(Secret), null, null, null, Body, SentAt, Tolerance));
    }

    [Fact]
    public void A_redelivered_webhook_is_recognised_by_its_id()
    {
        var seen = new RecentWebhookIds();
        Assert.True(seen.TryRecord(Id));
        Assert.False(seen.TryRecord(Id));
    }
}
