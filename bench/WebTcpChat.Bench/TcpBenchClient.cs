using System.Net;
using System.Net.Sockets;

namespace WebTcpChat.Bench;

/// <summary>
/// A raw TCP user. One receive buffer, reused: lines are found with a vectorised search and the
/// payload is read at a fixed distance from each line's end, so receiving allocates nothing.
/// </summary>
internal sealed class TcpBenchClient : BenchClient, IAsyncDisposable
{
    private const int FlatOutBatch = 64;
    private const int LineBytes = BenchPayload.Length + 2;

    private readonly Socket _socket;
    private readonly byte[] _buffer;
    private readonly CancellationTokenSource _closing = new();
    private Task _receiving = Task.CompletedTask;
    private bool _disposed;
    private bool _receiveEnded;

    // The unread part of the buffer: an unfinished line. Only the one reading thread touches these.
    private int _start;
    private int _end;

    private TcpBenchClient(Socket socket, Recorder recorder, int bufferBytes)
        : base(recorder, isWeb: false)
    {
        _socket = socket;
        _buffer = GC.AllocateUninitializedArray<byte>(bufferBytes, pinned: true);
    }

    /// <summary>
    /// Connects a client. With a <paramref name="poller"/>, that reads it; without, a receive loop of
    /// its own does (one async receive at a time, as most .NET clients would).
    /// </summary>
    public static async Task<TcpBenchClient> ConnectAsync(
        IPEndPoint server, Recorder recorder, int bufferBytes, TcpReceivePoller? poller, CancellationToken cancellationToken)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (poller is null)
            {
                await socket.ConnectAsync(server, cancellationToken);
            }
            else
            {
                // A socket that has seen an async operation sits in the runtime's epoll set, and its
                // epoll thread would still wake for every arrival; a blocking connect keeps it out.
                await Task.Run(() => socket.Connect(server), cancellationToken);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new TcpBenchClient(socket, recorder, bufferBytes);
        if (poller is null)
        {
            client._receiving = Task.Run(client.ReceiveAsync, CancellationToken.None);
        }
        else
        {
            poller.Add(client);
        }

        return client;
    }

    internal Socket Socket => _socket;

    /// <summary>Set once the connection has ended or the client is closing: the poller stops reading it.</summary>
    internal bool ReceiveEnded => Volatile.Read(ref _receiveEnded);

    public override ValueTask SendPayloadAsync(int sender, int sequence, CancellationToken cancellationToken)
    {
        Span<byte> line = stackalloc byte[LineBytes];
        BenchPayload.Write(line, Recorder.Run, sender, sequence, BenchPayload.NowMicros());
        line[^2] = (byte)'\r';
        line[^1] = (byte)'\n';
        // A line is 31 bytes: the kernel takes it at once unless the server has stopped reading.
        _socket.Send(line);
        if (sender != BenchPayload.SyncSender)
        {
            Sent++;
        }

        return ValueTask.CompletedTask;
    }

    public override async Task SendFlatOutAsync(int firstSequence, int count, CancellationToken cancellationToken)
    {
        var chunk = new byte[FlatOutBatch * LineBytes];
        var end = firstSequence + count;
        for (var sequence = firstSequence; sequence < end;)
        {
            var n = Math.Min(FlatOutBatch, end - sequence);
            var now = BenchPayload.NowMicros();
            for (var i = 0; i < n; i++)
            {
                var line = chunk.AsSpan(i * LineBytes, LineBytes);
                BenchPayload.Write(line, Recorder.Run, Sender, sequence + i, now);
                line[^2] = (byte)'\r';
                line[^1] = (byte)'\n';
            }

            await _socket.SendAsync(chunk.AsMemory(0, n * LineBytes), SocketFlags.None, cancellationToken);
            sequence += n;
            Sent += n;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        Volatile.Write(ref _receiveEnded, true);
        await _closing.CancelAsync();
        _socket.Dispose();
        await _receiving;
        _closing.Dispose();
    }

    /// <summary>
    /// The poller's read: the socket has data (or its end), so this does not block. Returns true when
    /// the read filled the buffer, so more may be waiting. Lines are stamped when read, not when the
    /// sweep began: a stamp may be late, never early.
    /// </summary>
    internal bool ReceiveAvailable()
    {
        try
        {
            var free = FreeSpace();
            var read = _socket.Receive(free.Span, SocketFlags.None);
            if (read == 0)
            {
                EndReceiving("closed by the server");
                return false;
            }

            Consume(read, BenchPayload.NowMicros());
            return read == free.Length;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            EndReceiving(ex.Message);
            return false;
        }
    }

    private async Task ReceiveAsync()
    {
        var reason = "closed by the server";
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(FreeSpace(), SocketFlags.None, _closing.Token);
                if (read == 0)
                {
                    break;
                }

                Consume(read, BenchPayload.NowMicros());
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed by us at the end of the run, or reset by the server (counted below).
            reason = ex.Message;
        }

        EndReceiving(reason);
    }

    private Memory<byte> FreeSpace()
    {
        if (_end == _buffer.Length)
        {
            // Keep the unfinished line; a line longer than the buffer is not ours: drop it.
            var kept = _start == 0 ? 0 : _end - _start;
            _buffer.AsSpan(_start, kept).CopyTo(_buffer);
            (_start, _end) = (0, kept);
        }

        return _buffer.AsMemory(_end);
    }

    private void Consume(int read, long nowMicros)
    {
        _end += read;
        _start += ProcessLines(_buffer.AsSpan(_start, _end - _start), nowMicros);
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    private void EndReceiving(string reason)
    {
        Volatile.Write(ref _receiveEnded, true);
        if (!_disposed)
        {
            LostReason = reason;
        }
    }

    // Returns the bytes consumed: every complete line.
    private int ProcessLines(ReadOnlySpan<byte> data, long nowMicros)
    {
        var stats = Recorder.Local;
        var consumed = 0;
        while (true)
        {
            var lineFeed = data[consumed..].IndexOf((byte)'\n');
            if (lineFeed < 0)
            {
                return consumed;
            }

            // [HH:mm:ss] <nick> PAYLOAD\r\n: the payload sits just before the CR.
            var line = data.Slice(consumed, lineFeed);
            consumed += lineFeed + 1;
            if (line.Length > 0 && line[0] == (byte)'[')
            {
                OnAttached(); // history or a live event: notices and the greeting start with ***
            }

            if (line.Length > BenchPayload.Length + 1
                && line[^(BenchPayload.Length + 2)] == (byte)' '
                && BenchPayload.TryParse(line.Slice(line.Length - 1 - BenchPayload.Length, BenchPayload.Length), Recorder.Run, out var sender, out var sequence, out var sentMicros))
            {
                OnPayload(stats, sender, sequence, sentMicros, nowMicros);
            }
        }
    }
}
