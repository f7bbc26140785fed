namespace WebTcpChat.Bench;

/// <summary>
/// Counts latencies in microseconds in log-linear buckets (exact below 128 µs, then 64 buckets per
/// power of two: under 1.6 % error), like HdrHistogram. Recording is a shift and an increment; one
/// thread writes a histogram, and histograms are merged for the report.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Linear = 128;
    private const int SubBuckets = 64;
    private const int SubBucketBits = 6;
    private const int Powers = 40;

    private readonly long[] _counts = new long[Linear + Powers * SubBuckets];

    public long Count { get; private set; }

    public long Max { get; private set; }

    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        _counts[Index(micros)]++;
        Count++;
        if (micros > Max)
        {
            Max = micros;
        }
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>The latency at or below which <paramref name="percentile"/> percent of the samples fall.</summary>
    public long Percentile(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(percentile / 100.0 * Count);
        rank = Math.Clamp(rank, 1, Count);
        var seen = 0L;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperBound(i), Max);
            }
        }

        return Max;
    }

    private static int Index(long micros)
    {
        if (micros < Linear)
        {
            return (int)micros;
        }

        // micros >> shift lands in [64, 128): the top 7 bits of the value.
        var shift = 63 - (int)long.LeadingZeroCount(micros) - SubBucketBits;
        var index = Linear + (shift - 1) * SubBuckets + (int)((micros >> shift) - SubBuckets);
        return Math.Min(index, Linear + Powers * SubBuckets - 1);
    }

    private static long UpperBound(int index)
    {
        if (index < Linear)
        {
            return index;
        }

        var shift = (index - Linear) / SubBuckets + 1;
        var sub = (index - Linear) % SubBuckets + SubBuckets;
        return ((long)(sub + 1) << shift) - 1;
    }
}
