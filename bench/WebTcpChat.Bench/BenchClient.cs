namespace WebTcpChat.Bench;

/// <summary>What every simulated user does with a benchmark message it receives, whatever its transport.</summary>
internal abstract class BenchClient(Recorder recorder, bool isWeb)
{
    private readonly int[] _lastSequence = NewSequences(recorder.SenderIsWeb.Length);
    private int _sawSync;
    private int _attached;

    public bool IsWeb => isWeb;

    /// <summary>This client's sender number, or -1 if it only listens.</summary>
    public int Sender { get; set; } = -1;

    /// <summary>The gateway node this client is connected to: 0 for A, 1 for B, ...</summary>
    public int Node { get; set; }

    /// <summary>Benchmark messages this client has received (counted on its one receiving thread at a time).</summary>
    public long Delivered { get; private set; }

    /// <summary>Benchmark messages this client has sent (not the start signal).</summary>
    public int Sent { get; protected set; }

    /// <summary>Set when the server ended the connection before the run did.</summary>
    public bool Lost => LostReason is not null;

    /// <summary>How the connection ended, if the server ended it.</summary>
    public string? LostReason { get; protected set; }

    protected Recorder Recorder => recorder;

    /// <summary>The chat has attached this client: it gets its history or its own join.</summary>
    protected void OnAttached()
    {
        if (Volatile.Read(ref _attached) == 0 && Interlocked.Exchange(ref _attached, 1) == 0)
        {
            recorder.SawAttach();
        }
    }

    /// <summary>Sends one benchmark message stamped now.</summary>
    public abstract ValueTask SendPayloadAsync(int sender, int sequence, CancellationToken cancellationToken);

    /// <summary>Sends <paramref name="count"/> messages, numbered from <paramref name="firstSequence"/>, as fast as the connection takes them.</summary>
    public abstract Task SendFlatOutAsync(int firstSequence, int count, CancellationToken cancellationToken);

    protected void OnPayload(Recorder.ThreadStats stats, int sender, int sequence, long sentMicros, long nowMicros)
    {
        if (sender == BenchPayload.SyncSender)
        {
            // The sequence number is the barrier's: each client counts each barrier once.
            if (sequence > Volatile.Read(ref _sawSync))
            {
                Volatile.Write(ref _sawSync, sequence);
                recorder.SawSync(sequence);
            }

            return;
        }

        if ((uint)sender >= (uint)_lastSequence.Length)
        {
            return;
        }

        var path = (int)DeliveryPaths.Of(recorder.SenderIsWeb[sender], isWeb);
        stats.Deliveries[path]++;
        Delivered++;
        stats.LastMicros = nowMicros;
        stats.Latency[path].Record(nowMicros - sentMicros);
        if (sequence <= _lastSequence[sender])
        {
            stats.OrderErrors++; // a duplicate, or one order broken
        }

        _lastSequence[sender] = sequence;
    }

    private static int[] NewSequences(int senders)
    {
        var sequences = new int[senders];
        Array.Fill(sequences, -1);
        return sequences;
    }
}
