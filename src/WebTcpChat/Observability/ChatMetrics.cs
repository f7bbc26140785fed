using System.Diagnostics.Metrics;
using WebTcpChat.Chat;

namespace WebTcpChat.Observability;

/// <summary>
/// The gateway's own meter, <c>WebTcpChat</c>, exported at <c>/metrics</c> with Kestrel's and
/// SignalR's. Every instrument is tagged by transport (<c>tcp</c> or <c>web</c>) where that applies.
/// </summary>
internal sealed class ChatMetrics
{
    public const string MeterName = "WebTcpChat";

    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _messagesIn;
    private readonly Counter<long> _messagesOut;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _slowConsumersDropped;
    private readonly Counter<long> _floodDisconnects;
    private readonly Histogram<double> _storeWrite;

    private Func<IReadOnlyList<ChatSession>> _sessions = () => [];

    public ChatMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _connections = meter.CreateUpDownCounter<long>("webtcpchat.connections", "{connection}", "Users connected now");
        _messagesIn = meter.CreateCounter<long>("webtcpchat.messages.received", "{message}", "Lines and actions accepted from users");
        _messagesOut = meter.CreateCounter<long>("webtcpchat.messages.delivered", "{message}", "Messages queued to users (one per receiver)");
        _bytes = meter.CreateCounter<long>("webtcpchat.bytes", "By", "Chat bytes read from and written to clients");
        _slowConsumersDropped = meter.CreateCounter<long>("webtcpchat.slow_consumers.dropped", "{connection}", "Connections dropped because their send queue overflowed");
        _floodDisconnects = meter.CreateCounter<long>("webtcpchat.flood.disconnects", "{connection}", "Connections dropped for flooding");
        _storeWrite = meter.CreateHistogram<double>("webtcpchat.store.write.duration", "s", "Time to make one batch durable",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        meter.CreateObservableGauge("webtcpchat.send_queue.bytes", () => _sessions().Sum(s => s.Outbox.QueuedBytes), "By", "Bytes waiting in all send queues");
        meter.CreateObservableGauge("webtcpchat.send_queue.max_bytes", () => _sessions().Select(s => s.Outbox.QueuedBytes).DefaultIfEmpty().Max(), "By", "The fullest single send queue");
    }

    /// <summary>Where the send-queue gauges find the sessions (the dispatcher, which itself reports deliveries here).</summary>
    public void ObserveSendQueues(Func<IReadOnlyList<ChatSession>> sessions) => _sessions = sessions;

    public void Connected(ChatSource source) => _connections.Add(1, Transport(source));

    public void Disconnected(ChatSource source) => _connections.Add(-1, Transport(source));

    public void Received(ChatSource source) => _messagesIn.Add(1, Transport(source));

    public void Delivered(ChatSource source, long count)
    {
        if (count > 0)
        {
            _messagesOut.Add(count, Transport(source));
        }
    }

    public void BytesRead(ChatSource source, long bytes) => _bytes.Add(bytes, Transport(source), new("direction", "in"));

    public void BytesWritten(ChatSource source, long bytes) => _bytes.Add(bytes, Transport(source), new("direction", "out"));

    public void SlowConsumerDropped(ChatSource source) => _slowConsumersDropped.Add(1, Transport(source));

    public void FloodDisconnect(ChatSource source) => _floodDisconnects.Add(1, Transport(source));

    public void StoreWritten(TimeSpan elapsed) => _storeWrite.Record(elapsed.TotalSeconds);

    private static KeyValuePair<string, object?> Transport(ChatSource source) =>
        new("transport", source == ChatSource.Tcp ? "tcp" : "web");

}
