using HdrHistogram;

namespace WebTcpChat.Bench;

/// <summary>
/// Latencies in microseconds, in an HdrHistogram (3 significant digits, 1 µs to an hour). One
/// thread writes a histogram (recording neither locks nor allocates), and histograms are merged
/// for the report.
/// </summary>
internal sealed class LatencyHistogram
{
    // An hour: far beyond any run's drain, so nothing real is clamped; the counts take about 184 KB.
    private const long HighestMicros = 3_600_000_000;
    private const int SignificantDigits = 3;

    private readonly LongHistogram _histogram = new(HighestMicros, SignificantDigits);

    public long Count => _histogram.TotalCount;

    /// <summary>The highest latency recorded (to the histogram's precision); 0 when empty.</summary>
    public long Max => _histogram.GetMaxValue();

    public void Record(long micros)
    {
        // A garbled stamp can give any value, and out of its range the package throws: on the
        // receive thread that would end the client's reading.
        _histogram.RecordValue(Math.Clamp(micros, 0, HighestMicros));
    }

    public void Add(LatencyHistogram other) => _histogram.Add(other._histogram);

    /// <summary>The latency at or below which <paramref name="percentile"/> percent of the samples fall; 0 when empty.</summary>
    public long Percentile(double percentile) =>
        // The package throws for an empty histogram; a path nobody received on reports 0, as before.
        Count == 0 ? 0 : _histogram.GetValueAtPercentile(percentile);
}
