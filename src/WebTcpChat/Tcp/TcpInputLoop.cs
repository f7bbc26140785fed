using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using WebTcpChat.Chat;
using WebTcpChat.Observability;

namespace WebTcpChat.Tcp;

/// <summary>
/// Reads one TCP connection, after SignalR's <c>HubConnectionHandler</c>: read, parse every complete
/// line, <c>AdvanceTo(consumed, examined)</c> in <c>finally</c>. A line with no line end is sent when
/// the client closes, half-closes, resets, or goes quiet for <see cref="TcpOptions.QuietFlushMilliseconds"/>.
/// </summary>
internal sealed partial class TcpInputLoop(
    PipeReader input,
    TcpSession session,
    ChatService chat,
    LimitsOptions limits,
    TcpOptions options,
    TcpInputDeadlines deadlines,
    ChatMetrics metrics,
    ILogger logger)
    : IDisposable
{
    private readonly UnterminatedLine _unterminated = new(limits.MaxLineBytes);
    private readonly long _maxOverlongBytes = (long)limits.MaxLineBytes * options.OverlongLineDisconnectFactor;
    private readonly TimeSpan _quietGap = TimeSpan.FromMilliseconds(options.QuietFlushMilliseconds);
    private readonly Lock _quietGate = new();
    private Timer? _quietTimer;
    private long _readNumber;
    private bool _quietArmed;   // under _quietGate: the timer may cancel read number _readNumber
    private long _quietFiredFor; // under _quietGate: the read the timer last cancelled
    private long _pendingBytes;
    private bool _skipping;
    private TelnetState _skipTelnet;
    private long _skippedBytes;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!session.WriterFinished)
        {
            ReadResult result;
            try
            {
                result = await ReadAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ConnectionResetException or ConnectionAbortedException or IOException)
            {
                // Reset or aborted: what had already arrived still counts, as on a normal close.
                await SendUnterminatedAsync(_unterminated.Content, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (result.IsCanceled && session.WriterFinished)
            {
                return; // the writer said goodbye and asked the reader to stop
            }

            // Any other cancellation is the quiet timer's; one that fired too late for its own read
            // lands on the next read, and is then no more than a wake-up.
            bool quietElapsed;
            lock (_quietGate)
            {
                quietElapsed = result.IsCanceled && _quietFiredFor == _readNumber;
            }

            var buffer = result.Buffer;
            var keepReading = false;
            try
            {
                (keepReading, buffer) = await ProcessAsync(buffer, result.IsCompleted, quietElapsed, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                metrics.BytesRead(ChatSource.Tcp, result.Buffer.Length - buffer.Length);
                input.AdvanceTo(buffer.Start, buffer.End);
                _pendingBytes = buffer.Length;
                deadlines.LineOpen(_skipping || !buffer.IsEmpty);
            }

            if (!keepReading || result.IsCompleted)
            {
                return;
            }
        }
    }

    public void Dispose() => _quietTimer?.Dispose();

    private async ValueTask<ReadResult> ReadAsync()
    {
        var waitForQuiet = _unterminated.Length > 0 && !_skipping;
        lock (_quietGate)
        {
            _readNumber++;
            _quietArmed = waitForQuiet;
        }

        if (waitForQuiet)
        {
            // Part of a line is waiting: have the read cancelled when the client has been quiet for a while.
            // A cancelled read still returns the buffered bytes, which a token-cancelled read would not.
            // The gap counts from this read, not from the last bytes: while this loop was busy (a long
            // flood delay, a full chat log) the rest of the line could not be read, so the client was
            // not quiet, only unheard, and the half line must not go out as a message of its own.
            _quietTimer ??= new Timer(static state => ((TcpInputLoop)state!).OnQuietGap(), this, Timeout.Infinite, Timeout.Infinite);
            _quietTimer.Change(_quietGap, Timeout.InfiniteTimeSpan);
        }

        var result = await input.ReadAsync().ConfigureAwait(false);
        if (waitForQuiet)
        {
            lock (_quietGate)
            {
                _quietArmed = false;
            }

            _quietTimer!.Change(Timeout.Infinite, Timeout.Infinite);
        }

        if (result.Buffer.Length > _pendingBytes)
        {
            deadlines.InputReceived();
        }

        return result;
    }

    private void OnQuietGap()
    {
        lock (_quietGate)
        {
            if (!_quietArmed)
            {
                return; // its read has already returned
            }

            _quietArmed = false;
            _quietFiredFor = _readNumber;
        }

        input.CancelPendingRead();
    }

    // Returns whether to keep reading, and what is left of the buffer.
    private async ValueTask<(bool KeepReading, ReadOnlySequence<byte> Remaining)> ProcessAsync(
        ReadOnlySequence<byte> buffer, bool completed, bool quietElapsed, CancellationToken cancellationToken)
    {
        var lineEnded = false;
        while (!buffer.IsEmpty)
        {
            if (_skipping)
            {
                var found = TcpLineParser.SkipRestOfLine(ref buffer, ref _skipTelnet, out var skipped);
                _skippedBytes += skipped;
                if (!found)
                {
                    return (!TooLongToSkip(), buffer);
                }

                _skipping = false;
                continue;
            }

            var status = TcpLineParser.TryReadLine(ref buffer, limits.MaxLineBytes, out var line, out var ended);
            if (status == LineReadStatus.Incomplete)
            {
                break;
            }

            lineEnded = true;
            if (status == LineReadStatus.Line)
            {
                if (!await HandleAsync(TcpLineDecoder.Decode(line), cancellationToken).ConfigureAwait(false))
                {
                    return (false, buffer);
                }

                continue;
            }

            RejectOverlongLine();
            _skipping = !ended;
            _skipTelnet = TelnetState.Data;
            _skippedBytes = 0;
        }

        if (lineEnded || _skipping)
        {
            _unterminated.Clear();
        }

        if (_skipping || buffer.IsEmpty)
        {
            return (true, buffer);
        }

        if (completed)
        {
            // EOF or half-close with a line still open: it is a message all the same.
            var keepOpen = await SendUnterminatedAsync(buffer, cancellationToken).ConfigureAwait(false);
            return (keepOpen, buffer.Slice(buffer.End));
        }

        if (quietElapsed)
        {
            // Keep a character whose last bytes have not arrived: it may still be completed.
            var keep = TcpLineDecoder.IncompleteUtf8Tail(buffer);
            var send = buffer.Slice(0, buffer.Length - keep);
            buffer = buffer.Slice(send.End);
            if (!await SendUnterminatedAsync(send, cancellationToken).ConfigureAwait(false))
            {
                return (false, buffer);
            }
        }

        _unterminated.Mirror(buffer);
        return (true, buffer);
    }

    private async ValueTask<bool> SendUnterminatedAsync(ReadOnlySequence<byte> bytes, CancellationToken cancellationToken)
    {
        _unterminated.Clear();
        return bytes.IsEmpty || await HandleAsync(TcpLineDecoder.Decode(bytes), cancellationToken).ConfigureAwait(false);
    }

    // Returns false when the user quit.
    private async ValueTask<bool> HandleAsync(string line, CancellationToken cancellationToken)
    {
        var outcome = await chat.HandleLineAsync(session, line, cancellationToken).ConfigureAwait(false);
        if (outcome.Kind == OutcomeKind.Error)
        {
            session.Outbox.TryEnqueue(OutboundItem.ForError(outcome.Text));
            return true;
        }

        return session.QueueOutcome(outcome);
    }

    private void RejectOverlongLine()
    {
        LogLineTooLong(logger, session.Id, limits.MaxLineBytes);
        session.Outbox.TryEnqueue(OutboundItem.ForError(
            $"Line too long: the limit is {limits.MaxLineBytes} bytes. It was not sent."));
    }

    private bool TooLongToSkip()
    {
        if (_maxOverlongBytes <= 0 || _skippedBytes <= _maxOverlongBytes)
        {
            return false;
        }

        LogOverlongDisconnect(logger, session.Id, _skippedBytes);
        session.Close($"Line too long: more than {_maxOverlongBytes} bytes without a line end");
        return true;
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Session {SessionId} sent a line over {MaxLineBytes} bytes; dropped")]
    private static partial void LogLineTooLong(ILogger logger, long sessionId, int maxLineBytes);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Session {SessionId} sent {Bytes} bytes without a line end; disconnecting")]
    private static partial void LogOverlongDisconnect(ILogger logger, long sessionId, long bytes);
}
