using System.Buffers;
using System.Diagnostics.Metrics;
using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using WebTcpChat.Chat;
using WebTcpChat.Observability;
using WebTcpChat.Tcp;

namespace WebTcpChat.MicroBench;

/// <summary>
/// One message to N terminal users, the way the gateway does it: the dispatcher queues one shared
/// batch entry per session, and each session's writer copies the message's line, formatted once for
/// all, into its output. Allocated bytes must not grow with the number of receivers.
/// </summary>
[MemoryDiagnoser]
public class FanOutBenchmarks
{
    private ChatDispatcher _dispatcher = null!;
    private Receiver[] _receivers = [];
    private long _id;

    [Params(1, 100, 1_000)]
    public int Receivers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = Options.Create(new ChatOptions { RecentMessages = 1_000 });
        _dispatcher = new ChatDispatcher(new Presence(options), new RecentHistory(options), new ChatMetrics(new BenchMeterFactory()));
        _receivers = [.. Enumerable.Range(0, Receivers).Select(_ => new Receiver())];
        foreach (var receiver in _receivers)
        {
            _dispatcher.Attach(receiver, "#lobby", "#lobby", 0);
            receiver.Drain();
        }
    }

    [Benchmark(Description = "Format once (a new message's terminal line)")]
    public byte[] FormatOnce() => TcpLineFormatter.Encode(NewMessage(), _receivers[0]);

    [Benchmark(Description = "Deliver one message to every receiver and write its line")]
    public long DeliverAndWrite()
    {
        _dispatcher.Deliver([NewMessage()]);
        var written = 0L;
        foreach (var receiver in _receivers)
        {
            written += receiver.Drain();
        }

        return written;
    }

    private ChatMessage NewMessage() => new()
    {
        Id = ++_id,
        Time = DateTime.UtcNow,
        Nick = "alice",
        Source = ChatSource.Tcp,
        Kind = MessageKind.Text,
        Room = "#lobby",
        Text = "hello everyone, how is it going?",
    };

    /// <summary>A terminal user whose writer drains into a reused buffer, as TcpSession does into its pipe.</summary>
    private sealed class Receiver() : ChatSession(ChatSource.Tcp, IPAddress.Loopback, 0)
    {
        private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
        private List<OutboundItem> _items = [];

        public override bool EchoesOwnLines => false;

        public override bool WantsUserList => false;

        public long Drain()
        {
            _output.ResetWrittenCount();
            _items = Outbox.TakeAll(_items, out _);
            var bytes = 0L;
            foreach (var item in _items)
            {
                bytes += item.Bytes;
                foreach (var message in item.Batch ?? [])
                {
                    if (ShouldReceive(message, item.Membership!))
                    {
                        _output.Write(TcpLineFormatter.Encode(message, this));
                    }
                }
            }

            _items.Clear();
            Outbox.Release(bytes);
            return _output.WrittenCount;
        }

        protected override void Abort(string reason)
        {
        }
    }

    private sealed class BenchMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }
}
