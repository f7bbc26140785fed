using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace WebTcpChat.Tests.Infrastructure;

/// <summary>A SignalR user that stops reading once connected: the web side's slow reader.</summary>
internal static class StuckWebClient
{
    // A hub client that stops reading its socket once connected (its stream's reads never complete),
    // as a frozen browser tab would. A tiny receive buffer makes the kernel's part fill sooner.
    public static async Task<(HubConnection Connection, string Nick)> ConnectAsync(Uri server)
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
