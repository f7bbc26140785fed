using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using WebTcpChat.Chat;
using WebTcpChat.Observability;

namespace WebTcpChat.Tcp;

/// <summary>
/// A raw TCP user. Its writer is the only code that writes to the socket: it drains the session's
/// queue in batches and flushes once per batch, so a busy chat costs one send per batch, not per line.
/// </summary>
internal sealed class TcpSession(ConnectionContext connection, long sendQueueBytes, ChatMetrics metrics)
    : ChatSession(ChatSource.Tcp, (connection.RemoteEndPoint as IPEndPoint)?.Address, sendQueueBytes)
{
    private const int FlushThresholdBytes = 32 * 1024;

    public override bool EchoesOwnLines => false;

    public override bool WantsUserList => false;

    public EndPoint? RemoteEndPoint => connection.RemoteEndPoint;

    /// <summary>Set when the writer ended the connection, so the reader stops instead of waiting for input.</summary>
    public bool WriterFinished { get; private set; }

    public async Task RunWriterAsync(CancellationToken cancellationToken)
    {
        var output = connection.Transport.Output;
        var items = new List<OutboundItem>();
        try
        {
            while (await Outbox.WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                items = Outbox.TakeAll(items, out _);
                if (!await WriteAsync(output, items, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is ConnectionAbortedException or ConnectionResetException or IOException or OperationCanceledException)
        {
            // The peer is gone or the connection was aborted; there is no one left to write to.
        }
        finally
        {
            WriterFinished = true;
            await output.CompleteAsync().ConfigureAwait(false);
            connection.Transport.Input.CancelPendingRead();
        }
    }

    protected override void Abort(string reason) => connection.Abort(new ConnectionAbortedException(reason));

    // Returns false when the connection should end: the user was told goodbye, or the peer stopped reading for good.
    private async ValueTask<bool> WriteAsync(PipeWriter output, List<OutboundItem> items, CancellationToken cancellationToken)
    {
        var unflushed = 0L;
        var written = 0L;
        var releasable = 0L;
        var keepOpen = true;
        foreach (var item in items)
        {
            releasable += item.Bytes;
            if (item.Kind == OutboundKind.Messages)
            {
                // A fan-out batch can be long: flush as it goes, like separate items.
                var batch = item.Batch!;
                for (var next = 0; next < batch.Length && keepOpen;)
                {
                    (var bytes, next) = WriteLines(output, batch, item.Membership!, next, FlushThresholdBytes - unflushed);
                    unflushed += bytes;
                    written += bytes;
                    if (unflushed >= FlushThresholdBytes)
                    {
                        keepOpen = await FlushAsync(output, cancellationToken).ConfigureAwait(false);
                        unflushed = 0;
                    }
                }
            }
            else
            {
                var bytes = Write(output, item);
                unflushed += bytes;
                written += bytes;
                if (item.Kind == OutboundKind.Close)
                {
                    keepOpen = false;
                }
                else if (unflushed >= FlushThresholdBytes)
                {
                    keepOpen = await FlushAsync(output, cancellationToken).ConfigureAwait(false);
                    unflushed = 0;
                }
            }

            if (!keepOpen)
            {
                break;
            }
        }

        items.Clear();
        if (keepOpen || unflushed > 0)
        {
            keepOpen &= await FlushAsync(output, cancellationToken).ConfigureAwait(false);
        }

        Outbox.Release(releasable);
        metrics.BytesWritten(ChatSource.Tcp, written);
        return keepOpen;
    }

    // Copies this session's lines from a fan-out batch, starting at `next`, until about `budget` bytes:
    // one GetSpan and Advance per pipe block rather than per line. Returns the bytes and where it stopped.
    private (long Bytes, int Next) WriteLines(PipeWriter output, ChatMessage[] batch, MembershipSnapshot membership, int next, long budget)
    {
        var span = output.GetSpan();
        var pending = 0;
        var total = 0L;
        for (; next < batch.Length && total < budget; next++)
        {
            var message = batch[next];
            if (!ShouldReceive(message, membership))
            {
                continue;
            }

            var line = TcpLineFormatter.Encode(message, this);
            if (line.Length > span.Length - pending)
            {
                output.Advance(pending);
                pending = 0;
                span = output.GetSpan(line.Length);
            }

            line.CopyTo(span[pending..]);
            pending += line.Length;
            total += line.Length;
        }

        output.Advance(pending);
        return (total, next);
    }

    private static async ValueTask<bool> FlushAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        var result = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return !result.IsCompleted && !result.IsCanceled;
    }

    private long Write(PipeWriter output, in OutboundItem item)
    {
        switch (item.Kind)
        {
            case OutboundKind.History:
                var written = 0L;
                foreach (var message in item.History!)
                {
                    written += WriteEncoded(output, TcpLineFormatter.Encode(message, this));
                }

                return written;
            case OutboundKind.Notice:
                return TcpLineFormatter.WriteNotice(output, item.Text!);
            case OutboundKind.Error:
                return TcpLineFormatter.WriteError(output, item.Text!);
            case OutboundKind.Close:
                return TcpLineFormatter.WriteNotice(output, $"Closing connection: {item.Text}. Goodbye.");
            default:
                return 0;
        }
    }

    private static long WriteEncoded(PipeWriter output, byte[] line)
    {
        output.Write(line);
        return line.Length;
    }
}
