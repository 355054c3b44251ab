using TokenJourney.Identity.Keys;

namespace TokenJourney.Identity.UnitTests;

/// <summary>The provider's key ring on disk: pre-published next key, rotation, and keys that survive a restart.</summary>
public sealed class SigningKeyRingTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_new_ring_signs_with_its_active_key_and_already_publishes_the_next_one()
    {
        var ring = new SigningKeyRing(_folder.Path, TimeProvider.System);

        Assert.Equal(2, ring.SigningKeys.Count);
        Assert.Equal(ring.ActiveKeyId, ring.SigningKeys[0].KeyId);
        Assert.NotEqual(ring.SigningKeys[0].KeyId, ring.SigningKeys[1].KeyId);
    }

    [Fact]
    public void Rotation_promotes_the_published_next_key_and_keeps_the_old_one_published()
    {
        var ring = new SigningKeyRing(_folder.Path, TimeProvider.System);
        var active = ring.ActiveKeyId;
        var next = ring.SigningKeys[1].KeyId;

        var rotated = ring.Rotate();

        Assert.Equal(next, rotated.Active);
        Assert.Equal(active, rotated.Previous);
        Assert.Equal(next, ring.ActiveKeyId);
        Assert.Equal([rotated.Active, rotated.Next, rotated.Previous], ring.SigningKeys.Select(k => k.KeyId));
        Assert.DoesNotContain(rotated.Next, new[] { active, next });
    }

    [Fact]
    public void The_keys_survive_a_restart()
    {
        var first = new SigningKeyRing(_folder.Path, TimeProvider.System);
        first.Rotate();

        var restarted = new SigningKeyRing(_folder.Path, TimeProvider.System);

        Assert.Equal(first.SigningKeys.Select(k => k.KeyId), restarted.SigningKeys.Select(k => k.KeyId));
        Assert.Equal(first.EncryptionKey.KeyId, restarted.EncryptionKey.KeyId);
    }
}
