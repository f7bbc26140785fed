using WebTcpChat.Chat;

namespace WebTcpChat.Tests.Chat;

public sealed class FloodBucketTests
{
    private const int Burst = 5;
    private const double PerSecond = 2;

    [Fact]
    public void ABurstGoesAtOnce()
    {
        var bucket = new FloodBucket();
        for (var i = 0; i < Burst; i++)
        {
            Assert.Equal(TimeSpan.Zero, bucket.Take(100, Burst, PerSecond, out _));
        }
    }

    [Fact]
    public void PastTheBurstEachLineWaitsForItsToken()
    {
        var bucket = new FloodBucket();
        for (var i = 0; i < Burst; i++)
        {
            bucket.Take(100, Burst, PerSecond, out _);
        }

        Assert.Equal(TimeSpan.FromSeconds(0.5), bucket.Take(100, Burst, PerSecond, out var first));
        Assert.True(first);
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.Take(100, Burst, PerSecond, out var second));
        Assert.False(second);
    }

    [Fact]
    public void AClientThatWaitsForEachTokenAndKeepsGoingIsCutOffAfterAWholeBurstOfDelays()
    {
        var bucket = new FloodBucket();
        var now = 100.0;
        for (var i = 0; i < Burst; i++)
        {
            bucket.Take(now, Burst, PerSecond, out _);
        }

        // Like a TCP client that is not read meanwhile: each line comes right after the last was let through.
        for (var i = 0; i < Burst; i++)
        {
            var wait = bucket.Take(now, Burst, PerSecond, out _);
            Assert.NotNull(wait);
            Assert.True(wait > TimeSpan.Zero);
            now += wait.Value.TotalSeconds;
        }

        Assert.Null(bucket.Take(now, Burst, PerSecond, out _));
    }

    [Fact]
    public void APauseRefillsTheBucketAndForgivesEarlierDelays()
    {
        var bucket = new FloodBucket();
        var now = 100.0;
        for (var i = 0; i < Burst * 2; i++)
        {
            now += bucket.Take(now, Burst, PerSecond, out _)!.Value.TotalSeconds;
        }

        now += Burst / PerSecond;
        for (var i = 0; i < Burst; i++)
        {
            Assert.Equal(TimeSpan.Zero, bucket.Take(now, Burst, PerSecond, out _));
        }
    }

    [Fact]
    public void AClientWithinTheRateIsNeverDelayed()
    {
        var bucket = new FloodBucket();
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal(TimeSpan.Zero, bucket.Take(100 + (i / PerSecond), Burst, PerSecond, out _));
        }
    }
}
