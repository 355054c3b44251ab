using System.Text;
using TokenJourney.Orders.Webhooks;

namespace TokenJourney.Orders.UnitTests;

public sealed class StandardWebhookSignerTests
{
    // The test vector published with the Standard Webhooks specification (standard-webhooks/standard-webhooks, spec/).
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long SpecTimestamp = 1614265330;
    private const string SpecPayload = "{\"test\": 2432232314}";
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void Signing_the_specification_vector_gives_the_specified_signature()
    {
        Assert.True(StandardWebhookSigner.TryReadSecret(SpecSecret, out var key));

        Assert.Equal(SpecSignature, StandardWebhookSigner.Sign(key, SpecId, SpecTimestamp, Encoding.UTF8.GetBytes(SpecPayload)));
    }

    [Theory]
    [InlineData(SpecId + "x", SpecTimestamp, SpecPayload)]
    [InlineData(SpecId, SpecTimestamp + 1, SpecPayload)]
    [InlineData(SpecId, SpecTimestamp, "{\"test\": 2432232315}")]
    public void Changing_the_id_the_timestamp_or_a_byte_of_the_body_changes_the_signature(string id, long timestamp, string payload)
    {
        StandardWebhookSigner.TryReadSecret(SpecSecret, out var key);

        Assert.NotEqual(SpecSignature, StandardWebhookSigner.Sign(key, id, timestamp, Encoding.UTF8.GetBytes(payload)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")] // no whsec_ prefix
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_c2hvcnQ=")] // 5 bytes: too short to be a key
    public void A_secret_that_is_not_whsec_base64_of_a_usable_key_is_refused(string? secret)
    {
        Assert.False(StandardWebhookSigner.TryReadSecret(secret, out _));
    }
}
