using System.Collections.Concurrent;

namespace WebTcpChat.Bench;

/// <summary>
/// Where receivers count what they get. Each thread has its own counters and histograms, so the
/// receive path takes no lock and shares no cache line; the report merges them.
/// </summary>
internal sealed class Recorder(int run, int senderCount)
{
    private const int MaxBarriers = 16;

    private readonly int[] _syncSeen = new int[MaxBarriers];
    private ConcurrentQueue<ThreadStats> _all = new();
    private int _epoch;
    [ThreadStatic]
    private static ThreadStats? t_local;

    private int _attached;

    public int Run => run;

    /// <summary>Which senders are web clients, by sender number.</summary>
    public bool[] SenderIsWeb { get; } = new bool[senderCount];

    /// <summary>How many clients have received barrier <paramref name="barrier"/> (1, 2, ...).</summary>
    public int SyncSeen(int barrier) => Volatile.Read(ref _syncSeen[barrier]);

    /// <summary>This thread's counters; look it up once per read, not once per line.</summary>
    public ThreadStats Local
    {
        get
        {
            var stats = t_local;
            var epoch = Volatile.Read(ref _epoch);
            if (stats is null || stats.Owner != this || stats.Epoch != epoch)
            {
                t_local = stats = new ThreadStats(this, epoch);
                _all.Enqueue(stats);
            }

            return stats;
        }
    }

    public void SawSync(int barrier)
    {
        if (barrier < MaxBarriers)
        {
            Interlocked.Increment(ref _syncSeen[barrier]);
        }
    }

    /// <summary>Forgets everything counted so far (the warm-up): later reads start new counters.</summary>
    public void Reset()
    {
        Interlocked.Increment(ref _epoch);
        _all = new ConcurrentQueue<ThreadStats>();
    }

    public int Attached => Volatile.Read(ref _attached);

    public void SawAttach() => Interlocked.Increment(ref _attached);

    /// <summary>Deliveries so far, all paths (read while receivers run: a close estimate).</summary>
    public long Delivered()
    {
        var total = 0L;
        foreach (var stats in _all)
        {
            foreach (var count in stats.Deliveries)
            {
                total += count;
            }
        }

        return total;
    }

    /// <summary>When the last delivery arrived, on any thread.</summary>
    public long LastDeliveryMicros() => _all.Select(stats => stats.LastMicros).DefaultIfEmpty(0).Max();

    /// <summary>Merged figures; call once receiving has settled.</summary>
    public (long[] Deliveries, LatencyHistogram[] Latency, long OrderErrors) Merge()
    {
        var deliveries = new long[DeliveryPaths.Count];
        var latency = Enumerable.Range(0, DeliveryPaths.Count).Select(_ => new LatencyHistogram()).ToArray();
        var orderErrors = 0L;
        foreach (var stats in _all)
        {
            for (var i = 0; i < DeliveryPaths.Count; i++)
            {
                deliveries[i] += stats.Deliveries[i];
                latency[i].Add(stats.Latency[i]);
            }

            orderErrors += stats.OrderErrors;
        }

        return (deliveries, latency, orderErrors);
    }

    internal sealed class ThreadStats(Recorder owner, int epoch)
    {
        public Recorder Owner => owner;

        public int Epoch => epoch;

        public long[] Deliveries { get; } = new long[DeliveryPaths.Count];

        public LatencyHistogram[] Latency { get; } = Enumerable.Range(0, DeliveryPaths.Count).Select(_ => new LatencyHistogram()).ToArray();

        /// <summary>Messages that came twice or out of their sender's order: must stay 0.</summary>
        public long OrderErrors { get; set; }

        /// <summary>When this thread last counted a delivery (generator clock, µs).</summary>
        public long LastMicros { get; set; }
    }
}
