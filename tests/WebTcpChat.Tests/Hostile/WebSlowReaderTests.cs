using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using WebTcpChat.Chat;
using WebTcpChat.Tests.Infrastructure;

namespace WebTcpChat.Tests.Hostile;

/// <summary>Issue 4, case 7, the SignalR side: a browser or bot that stops reading is dropped at its queue bound.</summary>
public sealed class WebSlowReaderTests
{
    [Fact]
    public async Task ASignalRClientThatStopsReadingIsDroppedAtItsQueueBound_WhileEveryoneElseGetsEverything()
    {
        await using var server = ChatServer.Start(new Dictionary<string, string?>
        {
            ["Limits:SendQueueBytes"] = "32768",
            ["Limits:FloodLinesPerSecond"] = "0", // the sender goes as fast as its readers keep up
        });
        await using var web = await server.ConnectWebAsync();
        await using var reader = await server.ConnectTcpAsync();
        var (stuck, stuckNick) = await ConnectStuckAsync(server.HttpAddress);
        await using var stuckConnection = stuck;
        await web.WaitForMessageAsync(m => m.Kind == MessageKind.Join && m.Nick == stuckNick);
        await using var sender = await server.ConnectTcpAsync();

        // As in the TCP slow-reader test: chunks the readers that keep up acknowledge, until the stuck
        // client's socket buffers, SignalR's pipe and then its send queue are full and it is dropped.
        var payload = new string('w', 4000);
        const int PerChunk = 5;
        const int MaxChunks = 2_000;
        ChatMessage? leave = null;
        var chunksAfterLeave = 0;
        for (var chunk = 0; chunk < MaxChunks && chunksAfterLeave < 5; chunk++)
        {
            for (var i = 0; i < PerChunk; i++)
            {
                await sender.SendLineAsync($"{chunk}.{i} {payload}");
            }

            for (var i = 0; i < PerChunk; i++)
            {
                var message = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text || (m.Kind == MessageKind.Leave && m.Nick == stuckNick));
                if (message.Kind == MessageKind.Leave)
                {
                    leave = message;
                    message = await web.WaitForMessageAsync(m => m.Kind == MessageKind.Text);
                }

                Assert.Equal($"{chunk}.{i} {payload}", message.Text);
                await reader.WaitForLineContainingAsync($"> {chunk}.{i} {payload}");
            }

            chunksAfterLeave += leave is null ? 0 : 1;
        }

        Assert.NotNull(leave);
        Assert.StartsWith("SendQ exceeded", leave.Text, StringComparison.Ordinal);
        Assert.Empty(server.Logs.Errors());
    }

    // A hub client that stops reading its socket once connected (its stream's reads never complete),
    // as a frozen browser tab would. A tiny receive buffer makes the kernel's part fill sooner.
    private static async Task<(HubConnection Connection, string Nick)> ConnectStuckAsync(Uri server)
    {
        var stopped = false;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var socket = new ClientWebSocket();
                    using var handler = new SocketsHttpHandler
                    {
                        ConnectCallback = async (connect, token) =>
                        {
                            var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
                            await tcp.ConnectAsync(connect.DnsEndPoint, token);
                            return new StallingStream(new NetworkStream(tcp, ownsSocket: true), () => Volatile.Read(ref stopped));
                        },
                    };
                    await socket.ConnectAsync(context.Uri, new HttpMessageInvoker(handler, disposeHandler: false), cancellationToken);
                    return socket;
                };
            })
            .Build();
        var nick = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<string>("Nickname", name => nick.TrySetResult(name));
        using var timeout = new CancellationTokenSource(Timeouts.Event);
        await connection.StartAsync(timeout.Token);
        var name = await nick.Task.WaitAsync(timeout.Token);
        Volatile.Write(ref stopped, true);
        return (connection, name);
    }

    /// <summary>A stream that, once told to, completes no read until it is disposed; writes still go through.</summary>
    private sealed class StallingStream(Stream inner, Func<bool> stalled) : Stream
    {
        private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (stalled())
            {
                await _disposed.Task.WaitAsync(cancellationToken);
                return 0;
            }

            return await inner.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _disposed.TrySetResult();
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
